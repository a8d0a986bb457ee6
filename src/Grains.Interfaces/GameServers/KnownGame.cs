namespace Gsp.GameServers;

/// <summary>
/// What the game last said about itself (version, protocol number, max players), kept while it sleeps so the
/// sidecar can show it in server lists; handed to a re-created sidecar.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record KnownGame(
    [property: Id(0)] string? Version,
    [property: Id(1)] int? VersionProtocol,
    [property: Id(2)] int? MaxPlayers);
