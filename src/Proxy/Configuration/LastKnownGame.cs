namespace Gsp.Proxy.Configuration;

/// <summary>
/// What the game last said about itself, handed back by the platform when it re-creates the proxy
/// (<c>GSP_PROXY_LAST_VERSION</c>, <c>GSP_PROXY_LAST_PROTOCOL</c>, <c>GSP_PROXY_LAST_MAX_PLAYERS</c>), so a
/// sleeping server's server-list entry shows the right version before the game ever ran under this proxy.
/// </summary>
public sealed record LastKnownGame(string? Version, int? VersionProtocol, int? MaxPlayers)
{
    public static LastKnownGame Unknown { get; } = new(null, null, null);
}
