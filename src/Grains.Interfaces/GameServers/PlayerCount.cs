namespace Gsp.GameServers;

/// <summary>
/// Players as the game itself reports them, through the sidecar's query (Minecraft Server List Ping, Valve
/// A2S_INFO, Satisfactory's lightweight query). <see cref="Known"/> is false when the game did not answer its
/// latest query or its protocol carries no count (Satisfactory); <see cref="Online"/> is then 0 and only the
/// proxy's connection counts tell whether someone plays. <see cref="MaxPlayers"/> and <see cref="Version"/> are
/// the last values the game reported. <see cref="GameState"/> is <c>up</c>, <c>unreachable</c>,
/// <c>not-measured</c> or the game's own word (Satisfactory: <c>idle</c>, <c>loading</c>, <c>playing</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlayerCount(
    [property: Id(0)] bool Known,
    [property: Id(1)] int Online,
    [property: Id(2)] int? MaxPlayers,
    [property: Id(3)] string? Version,
    [property: Id(4)] string GameState,
    [property: Id(5)] DateTimeOffset? MeasuredAt);
