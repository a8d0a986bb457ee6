using System.Diagnostics;

namespace Gsp.DemoGame.World;

/// <summary>
/// Simulated game load: busy-spins for DEMO_CPU_PERCENT of every slice on one thread, sleeping the rest,
/// so idle-detection tests can tell a busy server from an idle one. At 0 no thread is started at all.
/// </summary>
public sealed class CpuBurner(int percent)
{
    private const int SliceMilliseconds = 100;

    public void Start(CancellationToken cancellationToken)
    {
        if (percent <= 0)
        {
            return;
        }

        var busy = TimeSpan.FromMilliseconds(SliceMilliseconds * Math.Min(percent, 100) / 100.0);
        var idle = TimeSpan.FromMilliseconds(SliceMilliseconds) - busy;
        new Thread(() => Burn(busy, idle, cancellationToken)) { IsBackground = true, Name = "cpu-burner" }.Start();
    }

    private static void Burn(TimeSpan busy, TimeSpan idle, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started) < busy)
            {
                Thread.SpinWait(1_000);
            }

            if (idle > TimeSpan.Zero)
            {
                cancellationToken.WaitHandle.WaitOne(idle);
            }
        }
    }
}
