using Gsp.Catalog;
using Gsp.Containers;
using Gsp.Hosts;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Gsp.GameServers;

/// <summary>
/// The containers of a server as this silo makes them: its labels, its sidecar's settings and the specs of the
/// sidecar and game containers, from the server's recorded state and this silo's options. The one place both a
/// server's own actions and a move to this host build them from.
/// </summary>
public sealed class ServerSpecs(
    IOptions<GameServerOptions> options,
    IOptions<DockerHostOptions> host,
    IOptions<WakeOptions> wake,
    IOptions<ClusterOptions> cluster,
    IHostIdentity hostIdentity)
{
    public ServerLabels Labels(string serverId, string ownerId, string hostName) =>
        new(serverId, ownerId, hostName, cluster.Value.ServiceId, host.Value.ExtraLabels) { InstallationId = hostIdentity.InstallationId };

    public ProxySettings Proxy(string serverId, KnownGame? knownGame) => new(
        options.Value.ProxyImage,
        wake.Value.WebhookUrl,
        WakeTokens.Derive(wake.Value.Secret, serverId),
        options.Value.ProxyAdminPort,
        options.Value.PlayerQueryPeriod,
        options.Value.LoginTimeout,
        knownGame);

    public ContainerSpec ProxySpec(ServerLabels labels, GameDefinition game, int firstPublicPort, KnownGame? knownGame) =>
        new ServerResources(labels.ServerId).ProxySpec(labels, game, firstPublicPort, Proxy(labels.ServerId, knownGame));

    public ContainerSpec GameSpec(ServerLabels labels, GameDefinition game, IReadOnlyDictionary<string, string> environment, bool internetAccess) =>
        new ServerResources(labels.ServerId).GameSpec(labels, game, environment, options.Value.GamePidsLimit, options.Value.StopGrace, internetAccess);
}
