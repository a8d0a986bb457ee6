using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gsp.Quotas;

public static class QuotaServiceCollectionExtensions
{
    /// <summary>Per-user limits (section <c>Gsp:Quotas</c>, validated at start).</summary>
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>());
        services.TryAddSingleton<UserQuotas>();
        return services;
    }
}

[OptionsValidator]
internal sealed partial class QuotaOptionsValidator : IValidateOptions<QuotaOptions>;
