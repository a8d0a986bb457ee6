namespace Gsp.Hosts;

/// <summary>
/// The placement policy: which hosts may take a new server, best first. A host qualifies when its silo
/// is online, it is not draining, and its free memory, CPUs and port count cover the server. The host
/// with the most free memory comes first (memory is what game servers run out of), then the most free
/// CPUs, then the name, so the order is stable and servers spread over the hosts.
/// </summary>
public static class HostChooser
{
    public static IReadOnlyList<HostRecord> Candidates(IEnumerable<HostRecord> hosts, Func<string, bool> isOnline, int memoryMb, decimal cpus, int ports) =>
    [
        .. hosts
            .Where(h => !h.Draining && h.Fits(memoryMb, cpus, ports) && isOnline(h.Name))
            .OrderByDescending(h => h.FreeMemoryMb)
            .ThenByDescending(h => h.FreeCpus)
            .ThenBy(h => h.Name, StringComparer.Ordinal),
    ];
}
