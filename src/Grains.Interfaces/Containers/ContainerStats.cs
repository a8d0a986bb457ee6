namespace Gsp.Containers;

/// <summary>
/// One sample of a container's resource use. <see cref="MemoryBytes"/> excludes page cache (what the
/// kernel would reclaim), which is what a user means by "memory used".
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ContainerStats(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] double CpuPercent,
    [property: Id(2)] long MemoryBytes,
    [property: Id(3)] long MemoryLimitBytes,
    [property: Id(4)] long NetworkRxBytes,
    [property: Id(5)] long NetworkTxBytes);
