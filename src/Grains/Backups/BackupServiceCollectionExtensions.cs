using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gsp.Backups;

public static class BackupServiceCollectionExtensions
{
    /// <summary>Backup targets, the servers' backup unit, and their options (section <c>Gsp:Backups</c>, validated at start).</summary>
    public static IServiceCollection AddBackups(this IServiceCollection services)
    {
        services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BackupTargets>();
        services.TryAddSingleton<ServerBackups>();
        return services;
    }
}
