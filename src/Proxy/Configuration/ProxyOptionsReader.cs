using System.Globalization;
using System.Net;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Configuration;

/// <summary>Reads <see cref="ProxyOptions"/> from <c>GSP_PROXY_*</c> environment variables.</summary>
public static class ProxyOptionsReader
{
    public const string PortsVariable = "GSP_PROXY_PORTS";
    public const string UpstreamHostVariable = "GSP_PROXY_UPSTREAM_HOST";
    public const string WakeUrlVariable = "GSP_PROXY_WAKE_URL";
    public const string ServerIdVariable = "GSP_PROXY_SERVER_ID";
    public const string TokenVariable = "GSP_PROXY_TOKEN";
    public const string HoldSecondsVariable = "GSP_PROXY_HOLD_SECONDS";
    public const string AdminPortVariable = "GSP_PROXY_ADMIN_PORT";
    public const string UdpBufferVariable = "GSP_PROXY_UDP_BUFFER_DATAGRAMS";
    public const string UdpIdleVariable = "GSP_PROXY_UDP_IDLE_SECONDS";
    public const string ShutdownSecondsVariable = "GSP_PROXY_SHUTDOWN_SECONDS";
    public const string ListenAddressVariable = "GSP_PROXY_LISTEN_ADDRESS";
    public const string GameProtocolVariable = "GSP_PROXY_GAME_PROTOCOL";
    public const string QueryPortVariable = "GSP_PROXY_QUERY_PORT";
    public const string QuerySecondsVariable = "GSP_PROXY_QUERY_SECONDS";
    public const string LoginTimeoutVariable = "GSP_PROXY_LOGIN_TIMEOUT_SECONDS";
    public const string LastVersionVariable = "GSP_PROXY_LAST_VERSION";
    public const string LastProtocolVariable = "GSP_PROXY_LAST_PROTOCOL";
    public const string LastMaxPlayersVariable = "GSP_PROXY_LAST_MAX_PLAYERS";

    // --- sidecar caps (issue 14): see ProxyLimits for defaults ---
    public const string UdpSessionsVariable = "GSP_PROXY_UDP_SESSIONS";
    public const string UdpSessionsPerAddressVariable = "GSP_PROXY_UDP_SESSIONS_PER_ADDRESS";
    public const string UdpWakeBufferBytesVariable = "GSP_PROXY_UDP_WAKE_BUFFER_BYTES";
    public const string TcpConnectionsVariable = "GSP_PROXY_TCP_CONNECTIONS";
    public const string TcpConnectionsPerAddressVariable = "GSP_PROXY_TCP_CONNECTIONS_PER_ADDRESS";
    public const string TcpHeldBytesVariable = "GSP_PROXY_TCP_HELD_BYTES";

    /// <summary>Reads the caps block; every value must be at least 1 and fit an <c>int</c>.</summary>
    public static ProxyLimits ReadLimits(Func<string, string?> environment)
    {
        var defaults = new ProxyLimits();
        return new ProxyLimits
        {
            UdpSessionsPerListener = Integer(environment, UdpSessionsVariable, defaults.UdpSessionsPerListener, 1, int.MaxValue),
            UdpSessionsPerAddress = Integer(environment, UdpSessionsPerAddressVariable, defaults.UdpSessionsPerAddress, 1, int.MaxValue),
            UdpWakeBufferBytes = Integer(environment, UdpWakeBufferBytesVariable, (int)defaults.UdpWakeBufferBytes, 1, int.MaxValue),
            TcpConnections = Integer(environment, TcpConnectionsVariable, defaults.TcpConnections, 1, int.MaxValue),
            TcpConnectionsPerAddress = Integer(environment, TcpConnectionsPerAddressVariable, defaults.TcpConnectionsPerAddress, 1, int.MaxValue),
            TcpHeldBytes = Integer(environment, TcpHeldBytesVariable, (int)defaults.TcpHeldBytes, 1, int.MaxValue),
        };
    }

    // --- end of sidecar caps ---

    /// <summary>Longest version name accepted from the environment; real ones are a few characters.</summary>
    private const int MaxVersionChars = 64;

    public static ProxyOptionsResult Read(Func<string, string?> environment)
    {
        try
        {
            var defaults = new ProxyOptions
            {
                Ports = [], UpstreamHost = "", WakeUrl = new Uri("http://localhost/"), ServerId = "", Token = "",
            };
            var ports = ParsePorts(Required(environment, PortsVariable));
            var protocol = ParseGameProtocol(environment(GameProtocolVariable));
            return ProxyOptionsResult.Ok(new ProxyOptions
            {
                Ports = ports,
                UpstreamHost = Required(environment, UpstreamHostVariable),
                WakeUrl = ParseWakeUrl(Required(environment, WakeUrlVariable)),
                ServerId = Required(environment, ServerIdVariable),
                Token = Required(environment, TokenVariable),
                HoldTime = Seconds(environment, HoldSecondsVariable, defaults.HoldTime, min: 1),
                AdminPort = ReadAdminPort(environment),
                UdpBufferDatagrams = Integer(environment, UdpBufferVariable, defaults.UdpBufferDatagrams, 1, 1_000_000),
                UdpIdleTimeout = Seconds(environment, UdpIdleVariable, defaults.UdpIdleTimeout, min: 1),
                ShutdownGrace = Seconds(environment, ShutdownSecondsVariable, defaults.ShutdownGrace, min: 0),
                ListenAddress = ParseListenAddress(environment(ListenAddressVariable)),
                GameProtocol = protocol,
                QueryPort = Integer(environment, QueryPortVariable, DefaultQueryPort(ports, protocol), 0, 65535),
                QueryPeriod = Seconds(environment, QuerySecondsVariable, defaults.QueryPeriod, min: 1),
                LoginTimeout = Seconds(environment, LoginTimeoutVariable, defaults.LoginTimeout, min: 1),
                LastKnown = new LastKnownGame(
                    ParseVersion(environment(LastVersionVariable)),
                    OptionalInteger(environment, LastProtocolVariable, 0, int.MaxValue),
                    OptionalInteger(environment, LastMaxPlayersVariable, 0, 1_000_000)),
                Limits = ReadLimits(environment),
            });
        }
        catch (FormatException ex)
        {
            return ProxyOptionsResult.Fail(ex.Message);
        }
    }

    /// <summary>Only the admin port: what <c>--healthcheck</c> needs, without requiring the rest to be valid.</summary>
    public static int ReadAdminPort(Func<string, string?> environment) =>
        Integer(environment, AdminPortVariable, ProxyOptions.DefaultAdminPort, 1, 65535);

    /// <summary>Parses <c>25565/tcp,7777/both</c>; listen and upstream ports are the same number.</summary>
    public static IReadOnlyList<PortMapping> ParsePorts(string value)
    {
        var mappings = new List<PortMapping>();
        foreach (var raw in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = raw.Split('/');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535)
            {
                throw Invalid(PortsVariable, $"'{raw}' is not PORT/PROTO with PORT 1-65535");
            }

            var protocol = parts[1].ToLowerInvariant() switch
            {
                "tcp" => PortProtocol.Tcp,
                "udp" => PortProtocol.Udp,
                "both" => PortProtocol.Both,
                _ => throw Invalid(PortsVariable, $"'{raw}' has protocol '{parts[1]}', expected tcp, udp or both"),
            };
            if (mappings.Exists(m => m.ListenPort == port && (m.Protocol & protocol) != 0))
            {
                throw Invalid(PortsVariable, $"port {port}/{parts[1]} is listed twice");
            }

            mappings.Add(new PortMapping(port, port, protocol));
        }

        return mappings.Count > 0 ? mappings : throw Invalid(PortsVariable, "no ports listed");
    }

    /// <summary>
    /// The upstream port a protocol's query goes to when <c>GSP_PROXY_QUERY_PORT</c> is not set: Minecraft's
    /// first TCP port; for A2S the first UDP port + 1 when that port is proxied too (Valheim's 2456/2457), else
    /// the first UDP port; Satisfactory's first UDP port. 0 when the protocol has no port to use.
    /// </summary>
    public static int DefaultQueryPort(IReadOnlyList<PortMapping> ports, GameProtocol protocol)
    {
        var firstTcp = ports.FirstOrDefault(p => p.HasTcp).UpstreamPort;
        var firstUdp = ports.FirstOrDefault(p => p.HasUdp).UpstreamPort;
        return protocol switch
        {
            GameProtocol.MinecraftJava => firstTcp,
            GameProtocol.ValveA2S when firstUdp > 0 && ports.Any(p => p.HasUdp && p.UpstreamPort == firstUdp + 1) => firstUdp + 1,
            GameProtocol.ValveA2S or GameProtocol.Satisfactory => firstUdp,
            _ => 0,
        };
    }

    public static GameProtocol ParseGameProtocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "none" => GameProtocol.None,
        "minecraft-java" => GameProtocol.MinecraftJava,
        "valve-a2s" => GameProtocol.ValveA2S,
        "satisfactory" => GameProtocol.Satisfactory,
        _ => throw Invalid(GameProtocolVariable, $"'{value}' is not one of none, minecraft-java, valve-a2s, satisfactory"),
    };

    private static string? ParseVersion(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim().Length <= MaxVersionChars && !value.Any(char.IsControl) ? value.Trim()
        : throw Invalid(LastVersionVariable, $"must be at most {MaxVersionChars} printable characters");

    private static int? OptionalInteger(Func<string, string?> environment, string name, int min, int max) =>
        string.IsNullOrWhiteSpace(environment(name)) ? null : Integer(environment, name, 0, min, max);

    private static IPAddress ParseListenAddress(string? value) =>
        string.IsNullOrWhiteSpace(value) ? IPAddress.Any
        : IPAddress.TryParse(value.Trim(), out var address) ? address
        : throw Invalid(ListenAddressVariable, $"'{value}' is not an IP address");

    private static Uri ParseWakeUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw Invalid(WakeUrlVariable, $"'{value}' is not an absolute http(s) URL");

    private static string Required(Func<string, string?> environment, string name)
    {
        var value = environment(name);
        return string.IsNullOrWhiteSpace(value) ? throw Invalid(name, "is required") : value.Trim();
    }

    private static TimeSpan Seconds(Func<string, string?> environment, string name, TimeSpan fallback, int min) =>
        TimeSpan.FromSeconds(Integer(environment, name, (int)fallback.TotalSeconds, min, 86_400));

    private static int Integer(Func<string, string?> environment, string name, int fallback, int min, int max)
    {
        var value = environment(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw Invalid(name, $"'{value}' is not an integer between {min} and {max}");
    }

    private static FormatException Invalid(string name, string problem) => new($"{name} {problem}");
}
