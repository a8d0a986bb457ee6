using Gsp.Silo.Hosting;

namespace Gsp.Silo.Firewall;

public static class FirewallServiceCollectionExtensions
{
    /// <summary>The host firewall (<see cref="HostFirewall"/>) and the watch that puts back rules removed while the silo runs.</summary>
    public static IServiceCollection AddHostFirewall(this IServiceCollection services)
    {
        services.AddOptions<FirewallOptions>().BindConfiguration(FirewallOptions.SectionName);
        services.AddSingleton<HostFirewall>();
        services.AddHostedService<FirewallWatch>();
        return services;
    }

    /// <summary>Installs and checks the rules before the silo starts; a failure stops the start with one line.</summary>
    public static async Task EnsureHostFirewallAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<HostFirewall>().EnsureAsync(cancellationToken);
        }
        catch (FirewallException ex)
        {
            throw new StartupCheckException("the host firewall cannot be applied: " + ex.Message, ex);
        }
    }
}
