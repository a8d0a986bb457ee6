namespace Gsp.GameServers;

/// <summary>The sidecar's <c>/activity</c> player report (<see cref="PlayerSnapshot"/>) in the grains' own terms.</summary>
public static class PlayerSnapshots
{
    public static PlayerCount ToPlayerCount(this PlayerSnapshot players) =>
        new(players.Known, players.Online, players.MaxPlayers, players.Version, players.GameState, players.Measured);

    public static KnownGame ToKnownGame(this PlayerSnapshot players) => new(players.Version, players.VersionProtocol, players.MaxPlayers);
}
