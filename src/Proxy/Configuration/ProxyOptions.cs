using System.Net;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Configuration;

/// <summary>Everything the proxy needs to run; read from <c>GSP_PROXY_*</c> by <see cref="ProxyOptionsReader"/>.</summary>
public sealed record ProxyOptions
{
    /// <summary>Ports to proxy (<c>GSP_PROXY_PORTS</c>, required).</summary>
    public required IReadOnlyList<PortMapping> Ports { get; init; }

    /// <summary>Game container address (<c>GSP_PROXY_UPSTREAM_HOST</c>, required). Resolved on every
    /// connect attempt because a stopped container's name does not resolve on a Docker network.</summary>
    public required string UpstreamHost { get; init; }

    /// <summary>Wake webhook (<c>GSP_PROXY_WAKE_URL</c>, required, http or https).</summary>
    public required Uri WakeUrl { get; init; }

    /// <summary>Server id sent in the wake body and reported by <c>/activity</c> (<c>GSP_PROXY_SERVER_ID</c>, required).</summary>
    public required string ServerId { get; init; }

    /// <summary>This server's own bearer token (<c>GSP_PROXY_TOKEN</c>, required). Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>How long a client is held while the game wakes (<c>GSP_PROXY_HOLD_SECONDS</c>, default 60 s:
    /// long enough for a typical game container to boot, short enough that a client's own timeout is not hit first).</summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After the webhook refused a wake, how long new players are told that refusal at once before the
    /// proxy asks again (<c>GSP_PROXY_REFUSAL_SECONDS</c>, default 10 s: a player who just added credits waits at
    /// most that long, and a crowd reconnecting to a server that cannot start costs one webhook call per period).
    /// A longer <c>Retry-After</c> in the refusal wins.</summary>
    public TimeSpan RefusalBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Admin HTTP port (<c>GSP_PROXY_ADMIN_PORT</c>, default 8081; 0 picks an ephemeral port in tests).</summary>
    public int AdminPort { get; init; } = DefaultAdminPort;

    /// <summary>Datagrams buffered per UDP session while waking (<c>GSP_PROXY_UDP_BUFFER_DATAGRAMS</c>, default 256;
    /// oldest dropped first because game clients retransmit their latest state).</summary>
    public int UdpBufferDatagrams { get; init; } = 256;

    /// <summary>A UDP session with no traffic either way for this long is closed (<c>GSP_PROXY_UDP_IDLE_SECONDS</c>, default 60 s).</summary>
    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Grace period for relays to finish after SIGTERM (<c>GSP_PROXY_SHUTDOWN_SECONDS</c>, default 10 s,
    /// the same as Docker's default stop timeout so the proxy is done before SIGKILL).</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes a held TCP client may send before the proxy stops reading (default 64 KiB): enough for any
    /// game handshake, and the bound keeps a flood of held clients from exhausting memory.</summary>
    public int TcpHoldBufferBytes { get; init; } = 64 * 1024;

    /// <summary>Address the game and admin ports bind to (<c>GSP_PROXY_LISTEN_ADDRESS</c>, default 0.0.0.0). The
    /// container needs the default; a specific address lets the proxy share a host with its upstream (benchmarks, tests).
    /// <c>--healthcheck</c> probes 127.0.0.1, so it only works with the default or a loopback address.</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>Protocol spoken on the game's behalf (<c>GSP_PROXY_GAME_PROTOCOL</c>: <c>none</c>, <c>minecraft-java</c>,
    /// <c>valve-a2s</c> or <c>satisfactory</c>; default none, the plain byte proxy).</summary>
    public GameProtocol GameProtocol { get; init; } = GameProtocol.None;

    /// <summary>The upstream port the player query and the sleeping answers use (<c>GSP_PROXY_QUERY_PORT</c>; by default
    /// the first TCP port for Minecraft, the first UDP port + 1 for A2S when it is proxied (Valheim's query port),
    /// else the first UDP port). See <see cref="ProxyOptionsReader.DefaultQueryPort"/>.</summary>
    public int QueryPort { get; init; }

    /// <summary>How often the running game is asked for its player count (<c>GSP_PROXY_QUERY_SECONDS</c>, default 10 s:
    /// fresh enough for a dashboard and an idle window of minutes, cheap enough to be invisible to the game).</summary>
    public TimeSpan QueryPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a Minecraft login waits for a sleeping game before it is ended with a friendly
    /// "server is starting" message (<c>GSP_PROXY_LOGIN_TIMEOUT_SECONDS</c>, default 25 s: the vanilla client
    /// gives up on its own after about 30 s with a bare "timed out").</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>What the game last reported, for answers given while it sleeps (see <see cref="LastKnownGame"/>).</summary>
    public LastKnownGame LastKnown { get; init; } = LastKnownGame.Unknown;

    /// <summary>Hard caps on clients and held bytes; see <see cref="ProxyLimits"/> for each default and its reason.</summary>
    public ProxyLimits Limits { get; init; } = new();

    public const int DefaultAdminPort = 8081;

    // The compiler-generated record ToString would print the token.
    public override string ToString() =>
        $"ProxyOptions {{ ServerId = {ServerId}, UpstreamHost = {UpstreamHost}, Ports = {Ports.Count}, WakeUrl = {WakeUrl.GetLeftPart(UriPartial.Path)} }}";
}
