using System.Collections;
using System.Net;

namespace Gsp.DemoGame.Configuration;

/// <summary>
/// Everything the demo game can be told, read once from DEMO_* environment variables because that is
/// the only configuration channel a container image gives its users.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>DEMO_PORTS, default <c>25565/tcp,25565/udp</c>: the Minecraft port on both transports.</summary>
    public IReadOnlyList<PortBinding> Ports { get; init; } =
        [new(25565, TransportProtocol.Tcp), new(25565, TransportProtocol.Udp)];

    /// <summary>DEMO_BIND_ADDRESS, default 0.0.0.0 so the container's published ports reach it.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>DEMO_STARTUP_DELAY_SECONDS, default 0: simulates a game that takes a while to load its world.</summary>
    public int StartupDelaySeconds { get; init; }

    /// <summary>DEMO_CPU_PERCENT, default 0 so an idle demo server looks idle to idle-sleep detection.</summary>
    public int CpuPercent { get; init; }

    /// <summary>DEMO_DATA_DIR, default /data: the image's volume, so saves survive container replacement.</summary>
    public string DataDirectory { get; init; } = "/data";

    /// <summary>DEMO_SAVE_SECONDS, default 30; 0 saves only on shutdown.</summary>
    public int SaveSeconds { get; init; } = 30;

    /// <summary>DEMO_LOG_SECONDS, default 5; 0 turns the periodic status line off.</summary>
    public int LogSeconds { get; init; } = 5;

    /// <summary>DEMO_MOTD, default "A GSP demo server": shown in Minecraft server lists and A2S_INFO.</summary>
    public string Motd { get; init; } = "A GSP demo server";

    /// <summary>DEMO_MAX_PLAYERS, default 20.</summary>
    public int MaxPlayers { get; init; } = 20;

    /// <summary>DEMO_VERSION_NAME, default 1.21.1, the release matching the default protocol.</summary>
    public string VersionName { get; init; } = "1.21.1";

    /// <summary>DEMO_PROTOCOL, default 767 (Minecraft 1.21.1), so current clients list it as compatible.</summary>
    public int Protocol { get; init; } = 767;

    /// <summary>DEMO_LOGIN_HOLD_SECONDS, default 0: how long a Minecraft login counts as an online player.</summary>
    public int LoginHoldSeconds { get; init; }

    /// <summary>
    /// DEMO_LOGIN_ACCEPT, default false (logins are answered with a "welcome" Disconnect). When true a login gets
    /// Login Success and the player stays online until the client disconnects, so real clients (and the platform's
    /// player count) see a player for as long as they are connected. The demo sends nothing after Login Success.
    /// </summary>
    public bool AcceptLogins { get; init; }

    /// <summary>Reads the DEMO_* variables; a bad value is reported, never silently replaced by a default.</summary>
    public static bool TryFromEnvironment(IDictionary environment, out DemoOptions options, out string error)
    {
        var defaults = new DemoOptions();
        options = defaults;
        var errors = new List<string>();

        string Text(string name, string fallback) =>
            environment[name] is string value && value.Length > 0 ? value : fallback;

        int Number(string name, int fallback, int min, int max)
        {
            if (environment[name] is not string value || value.Length == 0)
            {
                return fallback;
            }

            if (int.TryParse(value, out var number) && number >= min && number <= max)
            {
                return number;
            }

            errors.Add($"{name}='{value}' is not a whole number in {min}..{max}");
            return fallback;
        }

        bool Flag(string name, bool fallback)
        {
            var value = Text(name, "");
            if (value.Length == 0)
            {
                return fallback;
            }

            if (bool.TryParse(value, out var flag))
            {
                return flag;
            }

            errors.Add($"{name}='{value}' is not true or false");
            return fallback;
        }

        var ports = defaults.Ports;
        if (environment["DEMO_PORTS"] is string portText && portText.Length > 0
            && !PortBinding.TryParseList(portText, out ports, out var portError))
        {
            errors.Add($"DEMO_PORTS: {portError}");
        }

        var bindAddress = defaults.BindAddress;
        var bindText = Text("DEMO_BIND_ADDRESS", "");
        if (bindText.Length > 0 && !IPAddress.TryParse(bindText, out bindAddress!))
        {
            errors.Add($"DEMO_BIND_ADDRESS='{bindText}' is not an IP address");
            bindAddress = defaults.BindAddress;
        }

        options = new DemoOptions
        {
            Ports = ports,
            BindAddress = bindAddress,
            StartupDelaySeconds = Number("DEMO_STARTUP_DELAY_SECONDS", defaults.StartupDelaySeconds, 0, 86_400),
            CpuPercent = Number("DEMO_CPU_PERCENT", defaults.CpuPercent, 0, 100),
            DataDirectory = Text("DEMO_DATA_DIR", defaults.DataDirectory),
            SaveSeconds = Number("DEMO_SAVE_SECONDS", defaults.SaveSeconds, 0, 86_400),
            LogSeconds = Number("DEMO_LOG_SECONDS", defaults.LogSeconds, 0, 86_400),
            Motd = Text("DEMO_MOTD", defaults.Motd),
            MaxPlayers = Number("DEMO_MAX_PLAYERS", defaults.MaxPlayers, 0, 1_000_000),
            VersionName = Text("DEMO_VERSION_NAME", defaults.VersionName),
            Protocol = Number("DEMO_PROTOCOL", defaults.Protocol, 0, int.MaxValue),
            LoginHoldSeconds = Number("DEMO_LOGIN_HOLD_SECONDS", defaults.LoginHoldSeconds, 0, 86_400),
            AcceptLogins = Flag("DEMO_LOGIN_ACCEPT", defaults.AcceptLogins),
        };
        error = string.Join("; ", errors);
        return errors.Count == 0;
    }
}
