namespace Gsp.Proxy.Wake;

/// <summary>
/// The sidecar's one back-off: each <see cref="Next"/> returns the delay to wait, starting at the first and doubling
/// up to the maximum. Not thread-safe: one owner per loop.
/// </summary>
internal sealed class Backoff(TimeSpan first, TimeSpan max)
{
    /// <summary>For polling a game that is coming up: readiness is seen within ~50 ms, for a few attempts per second.</summary>
    public static Backoff ForGame() => new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    private TimeSpan current = first;

    public TimeSpan Next()
    {
        var delay = current;
        current = TimeSpan.FromTicks(Math.Min(current.Ticks * 2, max.Ticks));
        return delay;
    }

    /// <summary>Waits the next delay; false when <paramref name="cancellationToken"/> ended the wait first.</summary>
    public async Task<bool> WaitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Next(), time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
