namespace Gsp.GameServers;

/// <summary>What an owner asks for when creating a server.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateGameServer(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] string Name,
    [property: Id(2)] string GameId,
    [property: Id(3)] IReadOnlyDictionary<string, string> Variables,
    [property: Id(4)] bool AutoSleep = true,
    [property: Id(5)] bool RestartOnCrash = false,

    // Id 20, not 6: other changes to this record take the next free ids.
    [property: Id(20)] bool InternetAccess = true);
