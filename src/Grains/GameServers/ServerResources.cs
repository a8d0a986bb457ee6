using System.Globalization;
using Gsp.Catalog;
using Gsp.Containers;

namespace Gsp.GameServers;

/// <summary>
/// The Docker objects of one server, named after its id so that a retried step finds what an earlier
/// attempt made, and the specs they are created from.
/// </summary>
public sealed class ServerResources(string serverId)
{
    /// <summary>The game container's name on the private network, which the proxy relays to.</summary>
    public const string GameAlias = "game";

    public string Network { get; } = $"gsp-{serverId}";

    public string ProxyContainer { get; } = $"gsp-{serverId}-proxy";

    public string GameContainer { get; } = $"gsp-{serverId}-game";

    public string DataVolume { get; } = $"gsp-{serverId}-data";

    public static Dictionary<string, string> Labels(ServerLabels labels, string role)
    {
        var all = new Dictionary<string, string>(labels.Extra)
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.ServerId] = labels.ServerId,
            [ContainerLabels.UserId] = labels.OwnerId,
            [ContainerLabels.Host] = labels.HostName,
            [ContainerLabels.Service] = labels.ServiceId,
            [ContainerLabels.Role] = role,
        };
        if (labels.InstallationId.Length > 0)
        {
            all[ContainerLabels.Installation] = labels.InstallationId;
        }

        return all;
    }

    public ContainerSpec ProxySpec(ServerLabels labels, GameDefinition game, int firstPublicPort, ProxySettings proxy)
    {
        var lowest = game.Ports.Min(p => p.Number);
        return new ContainerSpec
        {
            Name = ProxyContainer,
            Image = proxy.Image,
            Labels = Labels(labels, "proxy"),
            Environment = new Dictionary<string, string>
            {
                [SidecarEnvironment.Ports] = SidecarEnvironment.FormatPorts(game.Ports.Select(p => (p.Number, p.Protocol))),
                [SidecarEnvironment.UpstreamHost] = GameAlias,
                [SidecarEnvironment.WakeUrl] = proxy.WakeUrl,
                [SidecarEnvironment.ServerId] = labels.ServerId,
                [SidecarEnvironment.Token] = proxy.Token,
                [SidecarEnvironment.AdminPort] = proxy.AdminPort.ToString(CultureInfo.InvariantCulture),
            }.Concat(PlayerQueryEnvironment(game, proxy)).ToDictionary(),
            Network = Network,
            Ports =
            [
                .. game.Ports.Select(p => new PublishedPort(p.Number, firstPublicPort + (p.Number - lowest), p.Protocol)),
                new PublishedPort(proxy.AdminPort, 0, PortProtocol.Tcp, "127.0.0.1"),
            ],
            AddressIndex = NetworkAddressPlan.Proxy,
            ExtraHosts = new Dictionary<string, string> { ["host.docker.internal"] = "host-gateway" },
            MemoryBytes = 64L * 1024 * 1024,
            // Every player's traffic passes the sidecar, so it runs before the games when the host's CPUs are contended
            // (ten times a game's weight) and is held to one CPU, enforced in 10 ms periods so that a flooded relay
            // stalls for a few milliseconds at a time rather than tens. With the default weight each datagram it sent
            // let the game preempt it, and an already connected player's p99 under a flood stood at 70–150 ms
            // (bench/README.md). At rest it uses none of it: a sleeping server's sidecar waits without a timer.
            NanoCpus = 1_000_000_000,
            CpuPeriod = TimeSpan.FromMilliseconds(10),
            CpuWeight = 10 * ContainerSpec.DefaultCpuWeight,
            RestartPolicy = RestartPolicy.UnlessStopped,
            PidsLimit = 64,
            StopTimeout = TimeSpan.FromSeconds(10),

            // The silo watches every sidecar through its admin port already; the image's check would make the engine
            // start a process in each sleeping server's sidecar every 10 s (100 a second on a host of 1,000 servers).
            ImageHealthCheck = false,
        };
    }

    /// <summary>
    /// The sidecar's game protocol settings: which protocol to speak (the catalog's
    /// <see cref="GameDefinition.QueryProtocol"/>), how often to query, the Minecraft login timeout, and what the game
    /// last reported. Empty for a game without a query protocol, so its sidecar stays a plain byte proxy.
    /// </summary>
    public static Dictionary<string, string> PlayerQueryEnvironment(GameDefinition game, ProxySettings proxy)
    {
        if (game.QueryProtocol == GameProtocol.None)
        {
            return [];
        }

        var environment = new Dictionary<string, string>
        {
            [SidecarEnvironment.GameProtocol] = game.QueryProtocol.Name(),
            [SidecarEnvironment.QuerySeconds] = Seconds(proxy.PlayerQueryPeriod),
            [SidecarEnvironment.LoginTimeoutSeconds] = Seconds(proxy.LoginTimeout),
        };
        if (proxy.KnownGame?.Version is { } version)
        {
            environment[SidecarEnvironment.LastVersion] = version;
        }

        if (proxy.KnownGame?.VersionProtocol is { } number and >= 0)
        {
            environment[SidecarEnvironment.LastProtocol] = number.ToString(CultureInfo.InvariantCulture);
        }

        if (proxy.KnownGame?.MaxPlayers is { } max and >= 0)
        {
            environment[SidecarEnvironment.LastMaxPlayers] = max.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private static string Seconds(TimeSpan span) =>
        Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <param name="internetAccess">Whether the game may reach public addresses: its address tells the host firewall.</param>
    public ContainerSpec GameSpec(ServerLabels labels, GameDefinition game, IReadOnlyDictionary<string, string> environment, long pidsLimit, TimeSpan stopGrace, bool internetAccess = true) => new()
    {
        Name = GameContainer,
        Image = game.Image,
        Labels = Labels(labels, "game"),
        Environment = environment,
        Network = Network,
        NetworkAliases = [GameAlias],
        AddressIndex = internetAccess ? NetworkAddressPlan.Game : NetworkAddressPlan.OfflineGame,
        Volumes = [new VolumeMount(DataVolume, game.DataPath)],
        MemoryBytes = game.MemoryMb * 1024L * 1024,
        NanoCpus = (long)(game.Cpus * 1_000_000_000m),
        RestartPolicy = RestartPolicy.Never,

        // Images such as itzg/minecraft-server start as root and drop to their own user.
        AddCapabilities = ["CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "FOWNER"],
        PidsLimit = pidsLimit,
        StopTimeout = stopGrace,
    };
}
