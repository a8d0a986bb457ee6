using System.Globalization;
using System.Net;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Configuration;

/// <summary>Reads <see cref="ProxyOptions"/> from <c>GSP_PROXY_*</c> environment variables.</summary>
public static class ProxyOptionsReader
{
    /// <summary>Reads the caps (see <see cref="ProxyLimits"/> for their defaults); every value must be at least 1 and fit an <c>int</c>.</summary>
    public static ProxyLimits ReadLimits(Func<string, string?> environment)
    {
        var defaults = new ProxyLimits();
        return new ProxyLimits
        {
            UdpSessionsPerListener = Integer(environment, SidecarEnvironment.UdpSessions, defaults.UdpSessionsPerListener, 1, int.MaxValue),
            UdpSessionsPerAddress = Integer(environment, SidecarEnvironment.UdpSessionsPerAddress, defaults.UdpSessionsPerAddress, 1, int.MaxValue),
            UdpWakeBufferBytes = Integer(environment, SidecarEnvironment.UdpWakeBufferBytes, (int)defaults.UdpWakeBufferBytes, 1, int.MaxValue),
            TcpConnections = Integer(environment, SidecarEnvironment.TcpConnections, defaults.TcpConnections, 1, int.MaxValue),
            TcpConnectionsPerAddress = Integer(environment, SidecarEnvironment.TcpConnectionsPerAddress, defaults.TcpConnectionsPerAddress, 1, int.MaxValue),
            TcpHeldBytes = Integer(environment, SidecarEnvironment.TcpHeldBytes, (int)defaults.TcpHeldBytes, 1, int.MaxValue),
        };
    }

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
            var ports = ParsePorts(Required(environment, SidecarEnvironment.Ports));
            var protocol = ParseGameProtocol(environment(SidecarEnvironment.GameProtocol));
            return ProxyOptionsResult.Ok(new ProxyOptions
            {
                Ports = ports,
                UpstreamHost = Required(environment, SidecarEnvironment.UpstreamHost),
                WakeUrl = ParseWakeUrl(Required(environment, SidecarEnvironment.WakeUrl)),
                ServerId = Required(environment, SidecarEnvironment.ServerId),
                Token = Required(environment, SidecarEnvironment.Token),
                HoldTime = Seconds(environment, SidecarEnvironment.HoldSeconds, defaults.HoldTime, min: 1),
                RefusalBackoff = Seconds(environment, SidecarEnvironment.RefusalSeconds, defaults.RefusalBackoff, min: 1),
                AdminPort = ReadAdminPort(environment),
                UdpBufferDatagrams = Integer(environment, SidecarEnvironment.UdpBufferDatagrams, defaults.UdpBufferDatagrams, 1, 1_000_000),
                UdpIdleTimeout = Seconds(environment, SidecarEnvironment.UdpIdleSeconds, defaults.UdpIdleTimeout, min: 1),
                ShutdownGrace = Seconds(environment, SidecarEnvironment.ShutdownSeconds, defaults.ShutdownGrace, min: 0),
                ListenAddress = ParseListenAddress(environment(SidecarEnvironment.ListenAddress)),
                GameProtocol = protocol,
                QueryPort = Integer(environment, SidecarEnvironment.QueryPort, DefaultQueryPort(ports, protocol), 0, 65535),
                QueryPeriod = Seconds(environment, SidecarEnvironment.QuerySeconds, defaults.QueryPeriod, min: 1),
                LoginTimeout = Seconds(environment, SidecarEnvironment.LoginTimeoutSeconds, defaults.LoginTimeout, min: 1),
                LastKnown = new LastKnownGame(
                    ParseVersion(environment(SidecarEnvironment.LastVersion)),
                    OptionalInteger(environment, SidecarEnvironment.LastProtocol, 0, int.MaxValue),
                    OptionalInteger(environment, SidecarEnvironment.LastMaxPlayers, 0, 1_000_000)),
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
        Integer(environment, SidecarEnvironment.AdminPort, ProxyOptions.DefaultAdminPort, 1, 65535);

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
                throw Invalid(SidecarEnvironment.Ports, $"'{raw}' is not PORT/PROTO with PORT 1-65535");
            }

            if (!PortProtocols.TryParse(parts[1], out var protocol))
            {
                throw Invalid(SidecarEnvironment.Ports, $"'{raw}' has protocol '{parts[1]}', expected tcp, udp or both");
            }

            if (mappings.Exists(m => m.ListenPort == port && m.Protocol.Overlaps(protocol)))
            {
                throw Invalid(SidecarEnvironment.Ports, $"port {port}/{parts[1]} is listed twice");
            }

            mappings.Add(new PortMapping(port, port, protocol));
        }

        return mappings.Count > 0 ? mappings : throw Invalid(SidecarEnvironment.Ports, "no ports listed");
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

    public static GameProtocol ParseGameProtocol(string? value) =>
        GameProtocols.TryParse(value, out var protocol)
            ? protocol
            : throw Invalid(SidecarEnvironment.GameProtocol, $"'{value}' is not one of {string.Join(", ", GameProtocols.All.Select(p => p.Name()))}");

    private static string? ParseVersion(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim().Length <= MaxVersionChars && !value.Any(char.IsControl) ? value.Trim()
        : throw Invalid(SidecarEnvironment.LastVersion, $"must be at most {MaxVersionChars} printable characters");

    private static int? OptionalInteger(Func<string, string?> environment, string name, int min, int max) =>
        string.IsNullOrWhiteSpace(environment(name)) ? null : Integer(environment, name, 0, min, max);

    private static IPAddress ParseListenAddress(string? value) =>
        string.IsNullOrWhiteSpace(value) ? IPAddress.Any
        : IPAddress.TryParse(value.Trim(), out var address) ? address
        : throw Invalid(SidecarEnvironment.ListenAddress, $"'{value}' is not an IP address");

    private static Uri ParseWakeUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw Invalid(SidecarEnvironment.WakeUrl, $"'{value}' is not an absolute http(s) URL");

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
