namespace Gsp.Bench.Density;

/// <summary>
/// What every sleeping server costs in processes: its sidecar's process, the containerd shim of that container
/// and any docker-proxy relaying one of its published ports (matched by the sidecar's address). The stopped game
/// container has no process. Proportional set sizes, so shared libraries and the shared binary are split fairly.
/// </summary>
public sealed record Footprint(int Servers, long SidecarKib, long ShimKib, int Shims, long DockerProxyKib, int DockerProxies)
{
    public long TotalKib => SidecarKib + ShimKib + DockerProxyKib;

    public static Footprint Measure(IReadOnlyList<Sidecar> sidecars)
    {
        var commands = HostMemory.CommandLines();
        var byId = sidecars.ToDictionary(s => s.ContainerId);
        var addresses = sidecars.Where(s => s.Address.Length > 0).Select(s => s.Address).ToHashSet();
        long sidecar = 0, shim = 0, proxy = 0;
        int shims = 0, proxies = 0;
        foreach (var s in sidecars)
        {
            sidecar += HostMemory.PssKib(s.Pid);
        }

        foreach (var (pid, argv) in commands)
        {
            if (argv.Length == 0)
            {
                continue;
            }

            var program = Path.GetFileName(argv[0]);
            if (program.StartsWith("containerd-shim", StringComparison.Ordinal) && Argument(argv, "-id") is { } id && byId.ContainsKey(id))
            {
                shim += HostMemory.PssKib(pid);
                shims++;
            }
            else if (program == "docker-proxy" && Argument(argv, "-container-ip") is { } ip && addresses.Contains(ip))
            {
                proxy += HostMemory.PssKib(pid);
                proxies++;
            }
        }

        return new Footprint(sidecars.Count, sidecar, shim, shims, proxy, proxies);
    }

    private static string? Argument(string[] argv, string name)
    {
        var i = Array.IndexOf(argv, name);
        return i >= 0 && i + 1 < argv.Length ? argv[i + 1] : null;
    }
}
