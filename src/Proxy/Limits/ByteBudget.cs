namespace Gsp.Proxy.Limits;

/// <summary>
/// Bytes that many clients draw on together (datagrams held for waking UDP sessions, bytes held for TCP clients),
/// so a flood of clients cannot hold more in all than the container can afford. Lock-free.
/// </summary>
/// <param name="onRefused">Called once per refused request, for the <c>/activity</c> counter.</param>
internal sealed class ByteBudget(long capacity, Action? onRefused = null)
{
    private long used;

    public long Capacity => capacity;

    public long Used => Interlocked.Read(ref used);

    /// <summary>Takes <paramref name="bytes"/> if they fit; otherwise takes nothing and returns false.</summary>
    public bool TryTake(long bytes)
    {
        var current = Interlocked.Read(ref used);
        while (true)
        {
            if (current + bytes > capacity)
            {
                onRefused?.Invoke();
                return false;
            }

            var seen = Interlocked.CompareExchange(ref used, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Takes <paramref name="bytes"/> even past the capacity, for bytes already in hand that must be counted.</summary>
    public void TakeAnyway(long bytes) => Interlocked.Add(ref used, bytes);

    public void Return(long bytes) => Interlocked.Add(ref used, -bytes);
}
