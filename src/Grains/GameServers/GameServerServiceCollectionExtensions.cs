using Gsp.Time;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gsp.GameServers;

public static class GameServerServiceCollectionExtensions
{
    /// <summary>
    /// What game-server grains need on a silo: their options (sections <c>Gsp:GameServers</c> and
    /// <c>Gsp:Wake</c>, validated at start) and the client that reads proxies' activity.
    /// </summary>
    public static IServiceCollection AddGameServers(this IServiceCollection services)
    {
        services.AddOptions<GameServerOptions>().BindConfiguration(GameServerOptions.SectionName).ValidateOnStart();
        services.AddOptions<WakeOptions>().BindConfiguration(WakeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GameServerOptions>, GameServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WakeOptions>, WakeOptionsValidator>());
        services.AddPlatformClock();
        services.TryAddSingleton<ProxyActivityClient>();
        services.TryAddSingleton<ServerSpecs>();
        services.TryAddSingleton<Gsp.Moves.ServerMoves>();
        return services;
    }
}

[OptionsValidator]
internal sealed partial class GameServerOptionsValidator : IValidateOptions<GameServerOptions>;

[OptionsValidator]
internal sealed partial class WakeOptionsValidator : IValidateOptions<WakeOptions>;
