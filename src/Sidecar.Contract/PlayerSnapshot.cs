using System.Text.Json.Serialization;

namespace Gsp.Sidecar;

/// <summary>
/// The <c>players</c> part of <c>GET /activity</c>. <see cref="Known"/> is true only when the game answered its
/// latest query with a player count; otherwise <see cref="Online"/> is 0 and the platform falls back to the
/// proxy's connection counts. <see cref="MaxPlayers"/> and <see cref="Version"/> are the last values the game
/// reported, kept while it sleeps. <see cref="Protocol"/> is a <see cref="GameProtocols.Name"/>.
/// <see cref="GameState"/> is <c>up</c>, <c>unreachable</c>, <c>not-measured</c> or the game's own word
/// (Satisfactory: <c>offline</c>, <c>idle</c>, <c>loading</c>, <c>playing</c>). While the game does not answer, the sidecar
/// asks it less often (up to once a minute), so <see cref="MeasuredUnixMs"/> may be that old; each read of
/// <c>/activity</c> makes it ask again at once, so the next read has a fresh answer.
/// </summary>
public sealed record PlayerSnapshot(
    string Protocol,
    bool Known,
    int Online,
    int? MaxPlayers,
    string? Version,
    int? VersionProtocol,
    string GameState,
    long? MeasuredUnixMs)
{
    [JsonIgnore]
    public DateTimeOffset? Measured => MeasuredUnixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
