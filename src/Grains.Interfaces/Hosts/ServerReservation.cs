namespace Gsp.Hosts;

/// <summary>
/// A server's share of its host: its block of public ports, held from placement until the server is
/// deleted (or its creation fails), and the memory and CPUs of its game's catalog minimums, held only
/// while its game runs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServerReservation(
    [property: Id(0)] string ServerId,
    [property: Id(1)] string OwnerId,
    [property: Id(2)] string Name,
    [property: Id(3)] string GameId,
    [property: Id(4)] int MemoryMb,
    [property: Id(5)] decimal Cpus,
    [property: Id(6)] int Ports);
