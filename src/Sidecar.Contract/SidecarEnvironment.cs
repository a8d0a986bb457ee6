namespace Gsp.Sidecar;

/// <summary>
/// The environment variables the platform sets on a sidecar container and the sidecar reads at start. Values are
/// plain text: ports as <c>25565/tcp,7777/both</c> (<see cref="PortProtocols.Name"/>), the game protocol by
/// <see cref="GameProtocols.Name"/>, durations in whole seconds, numbers in invariant digits.
/// </summary>
public static class SidecarEnvironment
{
    /// <summary>Ports to proxy, <c>PORT/PROTO</c> separated by commas (required).</summary>
    public const string Ports = "GSP_PROXY_PORTS";

    /// <summary>The game container's name on the server's private network (required).</summary>
    public const string UpstreamHost = "GSP_PROXY_UPSTREAM_HOST";

    /// <summary>The wake webhook, an absolute http(s) URL (required).</summary>
    public const string WakeUrl = "GSP_PROXY_WAKE_URL";

    /// <summary>The server's id, sent in <see cref="WakeRequest"/> and reported by <c>/activity</c> (required).</summary>
    public const string ServerId = "GSP_PROXY_SERVER_ID";

    /// <summary>The server's own bearer token for the webhook and the admin port (required, never logged).</summary>
    public const string Token = "GSP_PROXY_TOKEN";

    public const string HoldSeconds = "GSP_PROXY_HOLD_SECONDS";
    public const string AdminPort = "GSP_PROXY_ADMIN_PORT";
    public const string UdpBufferDatagrams = "GSP_PROXY_UDP_BUFFER_DATAGRAMS";
    public const string UdpIdleSeconds = "GSP_PROXY_UDP_IDLE_SECONDS";
    public const string ShutdownSeconds = "GSP_PROXY_SHUTDOWN_SECONDS";
    public const string ListenAddress = "GSP_PROXY_LISTEN_ADDRESS";
    public const string GameProtocol = "GSP_PROXY_GAME_PROTOCOL";
    public const string QueryPort = "GSP_PROXY_QUERY_PORT";
    public const string QuerySeconds = "GSP_PROXY_QUERY_SECONDS";
    public const string LoginTimeoutSeconds = "GSP_PROXY_LOGIN_TIMEOUT_SECONDS";
    public const string LastVersion = "GSP_PROXY_LAST_VERSION";
    public const string LastProtocol = "GSP_PROXY_LAST_PROTOCOL";
    public const string LastMaxPlayers = "GSP_PROXY_LAST_MAX_PLAYERS";

    /// <summary>After the webhook refused a wake, how long the sidecar answers new players with that refusal
    /// before it asks again.</summary>
    public const string RefusalSeconds = "GSP_PROXY_REFUSAL_SECONDS";

    /// <summary>Most UDP client sessions per proxied port; a new client over it is dropped and counted.</summary>
    public const string UdpSessions = "GSP_PROXY_UDP_SESSIONS";

    /// <summary>Most UDP client sessions per source address and port.</summary>
    public const string UdpSessionsPerAddress = "GSP_PROXY_UDP_SESSIONS_PER_ADDRESS";

    /// <summary>Most bytes of datagrams buffered while the game wakes, all sessions together.</summary>
    public const string UdpWakeBufferBytes = "GSP_PROXY_UDP_WAKE_BUFFER_BYTES";

    /// <summary>Most TCP connections (relayed or held) in all.</summary>
    public const string TcpConnections = "GSP_PROXY_TCP_CONNECTIONS";

    /// <summary>Most TCP connections per source address.</summary>
    public const string TcpConnectionsPerAddress = "GSP_PROXY_TCP_CONNECTIONS_PER_ADDRESS";

    /// <summary>Most bytes held from TCP clients while the game wakes, all clients together.</summary>
    public const string TcpHeldBytes = "GSP_PROXY_TCP_HELD_BYTES";

    /// <summary>The <see cref="Ports"/> value for these ports: <c>25565/tcp,7777/both</c>.</summary>
    public static string FormatPorts(IEnumerable<(int Number, PortProtocol Protocol)> ports) =>
        string.Join(',', ports.Select(p => $"{p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{p.Protocol.Name()}"));
}
