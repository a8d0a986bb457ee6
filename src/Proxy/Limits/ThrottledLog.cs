using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Limits;

/// <summary>
/// Logs one kind of trouble (clients over a cap, a failed socket or thread) at most once per interval, with how
/// many more happened since, so a flood cannot turn into a flood of log lines. Thread-safe.
/// </summary>
internal sealed class ThrottledLog(ProxyLog log, TimeProvider time, TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private long nextAllowedTicks = long.MinValue;
    private long suppressed;

    public void Warn(string message) => Warn(message, static m => m);

    /// <summary>Like <see cref="Warn(string)"/>, but the message is only made when it is written: a flood's hot path
    /// pays a timestamp and a counter per event, not a formatted string.</summary>
    public void Warn<TState>(TState state, Func<TState, string> message)
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref nextAllowedTicks);
        if (now < next || Interlocked.CompareExchange(ref nextAllowedTicks, now + (long)(interval.TotalSeconds * time.TimestampFrequency), next) != next)
        {
            Interlocked.Increment(ref suppressed);
            return;
        }

        var more = Interlocked.Exchange(ref suppressed, 0);
        var text = message(state);
        log.Warn(more == 0 ? text : $"{text} (and {more} more like it since the last report)");
    }
}
