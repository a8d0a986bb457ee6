namespace Gsp.GameServers;

/// <summary>
/// What one server's sidecar proxy is configured with. <see cref="KnownGame"/> is what the game last reported,
/// so a re-created proxy answers server-list queries with the right version while the game sleeps.
/// </summary>
public sealed record ProxySettings(
    string Image,
    string WakeUrl,
    string Token,
    int AdminPort,
    TimeSpan PlayerQueryPeriod,
    TimeSpan LoginTimeout,
    KnownGame? KnownGame);
