using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gsp.Time;

/// <summary>
/// The clock the platform's grains bill, stamp and wait by: a keyed <see cref="TimeProvider"/> that
/// defaults to the silo's own. Orleans drives its messaging, membership and reminders from the unkeyed
/// provider, so a test replaces this one alone to move billing hours forward while the cluster keeps
/// real time.
/// </summary>
public static class PlatformClock
{
    public const string Key = "gsp-platform";

    /// <summary>Registers the keyed clock as the silo's <see cref="TimeProvider"/> unless one was registered before.</summary>
    public static IServiceCollection AddPlatformClock(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(Key, (provider, _) => provider.GetRequiredService<TimeProvider>());
        return services;
    }
}
