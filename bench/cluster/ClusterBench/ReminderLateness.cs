using System.Collections.Concurrent;

namespace Gsp.Bench.Cluster;

/// <summary>
/// How late each reminder tick reaches its grain: the time of delivery minus the tick's due time
/// (the reminder's first tick plus a whole number of periods). Recorded only while <see cref="Recording"/>.
/// </summary>
public sealed class ReminderLateness
{
    private readonly ConcurrentQueue<double> milliseconds = new();

    public volatile bool Recording;

    public int Count => milliseconds.Count;

    public void Record(DateTime firstTick, TimeSpan period, DateTime now)
    {
        if (!Recording || period <= TimeSpan.Zero || now < firstTick)
        {
            return;
        }

        var periods = (now - firstTick).Ticks / period.Ticks;
        var due = firstTick + TimeSpan.FromTicks(period.Ticks * periods);
        milliseconds.Enqueue((now - due).TotalMilliseconds);
    }

    public (double P50, double P99, double Max) Percentiles()
    {
        var sorted = milliseconds.ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.99), sorted[^1]);
    }
}
