namespace Gsp.Hosts;

/// <summary>
/// What a Docker host offers game servers, as its operator declares it: memory and CPUs that running
/// servers may reserve (by their game's minimums in the catalog), how far each may be over-committed,
/// and the public ports its sidecars may take. A sleeping server holds only its ports.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HostCapacity(
    [property: Id(0)] int MemoryMb,
    [property: Id(1)] decimal Cpus,
    [property: Id(2)] int PublicPortFirst,
    [property: Id(3)] int PublicPortLast)
{
    /// <summary>Running servers may reserve this many times <see cref="MemoryMb"/> (1 when unset).</summary>
    [Id(4)] public decimal MemoryOvercommit { get; init; } = 1m;

    /// <summary>Running servers may reserve this many times <see cref="Cpus"/> (1 when unset).</summary>
    [Id(5)] public decimal CpuOvercommit { get; init; } = 1m;

    public int Ports => PublicPortLast - PublicPortFirst + 1;

    /// <summary>The memory running servers may reserve together: declared memory times its over-commit.</summary>
    public int MemoryBudgetMb => (int)Math.Min(int.MaxValue, MemoryMb * Ratio(MemoryOvercommit));

    /// <summary>The CPUs running servers may reserve together: declared CPUs times their over-commit.</summary>
    public decimal CpuBudget => Cpus * Ratio(CpuOvercommit);

    // A registration stored before over-commit existed reads as 0: no over-commit.
    private static decimal Ratio(decimal ratio) => ratio >= 1m ? ratio : 1m;
}
