namespace Gsp.Hosts;

/// <summary>
/// The placement policy: which hosts may take a new server, best first. A host qualifies when its silo
/// is online, it is not draining, it has the server's ports free and the game could run there at all.
/// The host with the most memory free for running games comes first (memory is what game servers run
/// out of), then the most free CPUs, then the one with the fewest servers, then the name, so the order
/// is stable and sleeping servers spread over the hosts too.
/// </summary>
public static class HostChooser
{
    public static IReadOnlyList<HostEntry> Candidates(IEnumerable<HostEntry> hosts, Func<string, bool> isOnline, int memoryMb, decimal cpus, int ports) =>
    [
        .. hosts
            .Where(h => !h.Draining && h.Fits(memoryMb, cpus, ports) && isOnline(h.Name))
            .OrderByDescending(h => h.FreeMemoryMb)
            .ThenByDescending(h => h.FreeCpus)
            .ThenBy(h => h.Servers.Count)
            .ThenBy(h => h.Name, StringComparer.Ordinal),
    ];
}
