namespace Gsp.Proxy.Players;

/// <summary>
/// One successful answer from the running game. <see cref="CountsKnown"/> is false for protocols that report
/// no player count (Satisfactory's lightweight query); <see cref="GameState"/> is what the game says it is doing.
/// </summary>
internal sealed record PlayerReading(
    bool CountsKnown,
    int Online,
    int? MaxPlayers,
    string? Version,
    int? VersionProtocol,
    string? ServerName,
    string GameState);
