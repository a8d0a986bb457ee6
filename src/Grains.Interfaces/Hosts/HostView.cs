namespace Gsp.Hosts;

/// <summary>
/// One Docker host as an administrator sees it: what it offers, what its servers reserve, and whether its
/// silo is in the cluster (<see cref="Online"/>) and takes new servers (<see cref="Draining"/> off).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HostView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string PublicAddress { get; init; }
    [Id(2)] public required HostCapacity Capacity { get; init; }

    /// <summary>Whether the host's silo is active in the cluster now; its servers are unreachable while not.</summary>
    [Id(3)] public bool Online { get; init; }
    [Id(4)] public bool Draining { get; init; }

    /// <summary>Memory reserved by the servers running now (sleeping ones reserve none).</summary>
    [Id(5)] public int UsedMemoryMb { get; init; }

    /// <summary>CPUs reserved by the servers running now.</summary>
    [Id(6)] public decimal UsedCpus { get; init; }
    [Id(7)] public int UsedPorts { get; init; }
    [Id(8)] public IReadOnlyList<ServerReservation> Servers { get; init; } = [];
    [Id(9)] public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The ids of the servers whose games run now.</summary>
    [Id(10)] public IReadOnlyList<string> RunningServers { get; init; } = [];

    /// <summary>Wakes refused because the host was busy (its running servers left no room).</summary>
    [Id(11)] public long BusyRefusals { get; init; }
}
