using Gsp.GameServers;

namespace Gsp.WebFrontend.Servers;

/// <summary>
/// A server as a page or the API shows it: its info, or, while its host's silo is down, only its id and
/// host with <see cref="HostOffline"/> set (shown as "host offline", not as an error).
/// </summary>
public sealed record ServerView(string Id, string HostName, GameServerInfo? Info, bool HostOffline)
{
    public string Name => Info?.Name ?? Id;

    public string StatusText => HostOffline ? "host offline" : Info?.Status.ToString().ToLowerInvariant() ?? "unknown";

    /// <summary>What players type to connect, e.g. <c>203.0.113.5:25600</c>; empty until a port is assigned.</summary>
    public string Address => Info is { PublicPort: > 0 } i ? $"{(i.PublicAddress.Length > 0 ? i.PublicAddress : "127.0.0.1")}:{i.PublicPort}" : "";
}
