namespace Gsp.Hosts;

/// <summary>
/// What a Docker host offers game servers, as its operator declares it: memory and CPUs that servers may
/// reserve (by their game's minimums in the catalog), and the public ports its sidecars may take.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HostCapacity(
    [property: Id(0)] int MemoryMb,
    [property: Id(1)] decimal Cpus,
    [property: Id(2)] int PublicPortFirst,
    [property: Id(3)] int PublicPortLast)
{
    public int Ports => PublicPortLast - PublicPortFirst + 1;
}
