namespace Gsp.GameServers;

/// <summary>The <c>players</c> part of a sidecar's <c>/activity</c> (see the proxy's <c>PlayerSnapshot</c>).</summary>
public sealed record ProxyPlayers(
    string Protocol,
    bool Known,
    int Online,
    int? MaxPlayers,
    string? Version,
    int? VersionProtocol,
    string GameState,
    long? MeasuredUnixMs)
{
    public PlayerCount ToPlayerCount() => new(
        Known,
        Online,
        MaxPlayers,
        Version,
        GameState,
        MeasuredUnixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);

    public KnownGame ToKnownGame() => new(Version, VersionProtocol, MaxPlayers);
}
