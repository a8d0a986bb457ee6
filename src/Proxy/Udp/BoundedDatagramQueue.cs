using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Udp;

/// <summary>
/// Datagrams held for a waking session. Full means the oldest is dropped: game clients resend their
/// latest state, so the newest datagrams are the ones worth delivering. The payload bytes also come from a
/// budget shared by all waking sessions (<see cref="ProxyLimits.UdpWakeBufferBytes"/>): when it is spent, a new
/// datagram is not held. Not thread-safe; the session locks.
/// </summary>
internal sealed class BoundedDatagramQueue(int capacity, ByteBudget? budget = null)
{
    private readonly Queue<byte[]> items = new();

    public int Count => items.Count;

    /// <summary>Adds a copy of <paramref name="datagram"/>; returns how many datagrams were dropped (0 or 1): the
    /// this one when the shared budget has no room for it (the queue is left as it was), else the oldest when the queue is full.</summary>
    public int Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (budget is not null && !budget.TryTake(datagram.Length))
        {
            return 1;
        }

        var dropped = 0;
        if (items.Count >= capacity)
        {
            Release(items.Dequeue());
            dropped = 1;
        }

        items.Enqueue(datagram.ToArray());
        return dropped;
    }

    /// <summary>True when every held datagram matches (and at least one is held).</summary>
    public bool AllMatch(Func<byte[], bool> match) => items.Count > 0 && items.All(match);

    public bool TryPeek(out byte[]? datagram) => items.TryPeek(out datagram);

    public bool TryDequeue(out byte[]? datagram)
    {
        if (!items.TryDequeue(out datagram))
        {
            return false;
        }

        Release(datagram);
        return true;
    }

    /// <summary>Empties the queue and returns how many datagrams were discarded.</summary>
    public int Clear()
    {
        var count = items.Count;
        while (items.TryDequeue(out var datagram))
        {
            Release(datagram);
        }

        return count;
    }

    private void Release(byte[] datagram) => budget?.Return(datagram.Length);
}
