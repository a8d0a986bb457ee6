namespace Gsp.Moves;

/// <summary>
/// A token that fires once a copy has made no progress for a while: each <see cref="Next"/> (a step begins, a
/// chunk arrives) gives it the whole timeout again, so a long copy that keeps moving never fires it, and a frozen
/// engine fails the step in one timeout. Also fires when the outer token does.
/// </summary>
internal sealed class Stall : IDisposable
{
    private readonly TimeSpan timeout;
    private readonly CancellationTokenSource source;
    private readonly CancellationTokenRegistration outer;

    public Stall(TimeSpan timeout, TimeProvider time, CancellationToken cancelled)
    {
        this.timeout = timeout;
        source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        outer = cancelled.Register(source.Cancel);
    }

    public CancellationToken Token => source.Token;

    /// <summary>Whether it fired for lack of progress (not for the outer token).</summary>
    public bool Fired => source.IsCancellationRequested && !outer.Token.IsCancellationRequested;

    public CancellationToken Next()
    {
        if (!source.IsCancellationRequested)
        {
            source.CancelAfter(timeout);
        }

        return source.Token;
    }

    public void Dispose()
    {
        outer.Dispose();
        source.Dispose();
    }
}
