using System.Globalization;

namespace Gsp.Bench.Density;

/// <summary>What /proc says about memory: per process (proportional set size) and the kernel's totals.</summary>
public static class HostMemory
{
    /// <summary>The process's proportional set size in KiB (shared pages divided among their users), 0 when it is gone.</summary>
    public static long PssKib(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>The /proc/meminfo fields the bench compares, in KiB.</summary>
    public static readonly string[] KernelFields = ["MemAvailable", "Slab", "SUnreclaim", "KernelStack", "PageTables", "Percpu"];

    public static Dictionary<string, long> MemInfo() =>
        KernelFields.ToDictionary(f => f, f => Field("/proc/meminfo", f + ":"));

    /// <summary>User plus system CPU time of a process so far (0 when it is gone).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Every process's command line, by pid (processes that vanish while read are skipped).</summary>
    public static Dictionary<int, string[]> CommandLines()
    {
        var all = new Dictionary<int, string[]>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var raw = File.ReadAllText(Path.Combine(dir, "cmdline"));
                all[pid] = raw.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return all;
    }

    private static long Field(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
