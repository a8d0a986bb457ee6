using Gsp.Containers;

namespace Gsp.GameServers;

/// <summary>
/// A server's resource use and player activity. <see cref="Game"/> is null while the game is not running;
/// the proxy's numbers are null when the proxy did not answer. <see cref="Players"/> is the game's own count
/// (null when the proxy did not answer or the game has no player query).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GameServerStats(
    [property: Id(0)] ContainerStats? Game,
    [property: Id(1)] int? ConnectedClients,
    [property: Id(2)] DateTimeOffset? LastPlayerActivity,
    [property: Id(3)] PlayerCount? Players = null);
