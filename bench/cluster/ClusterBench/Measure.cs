using System.Diagnostics;

namespace Gsp.Bench.Cluster;

/// <summary>Memory and CPU of this process, after a full garbage collection.</summary>
public readonly record struct Measure(long HeapBytes, long RssBytes, TimeSpan Cpu, DateTime At)
{
    public static Measure Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return new Measure(GC.GetTotalMemory(forceFullCollection: false), self.WorkingSet64, self.TotalProcessorTime, DateTime.UtcNow);
    }

    public static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F1} MB";
}
