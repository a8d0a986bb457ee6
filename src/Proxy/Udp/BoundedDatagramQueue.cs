namespace Gsp.Proxy.Udp;

/// <summary>
/// Datagrams held for a waking session. Full means the oldest is dropped: game clients resend their
/// latest state, so the newest datagrams are the ones worth delivering. Not thread-safe; the session locks.
/// </summary>
internal sealed class BoundedDatagramQueue(int capacity)
{
    private readonly Queue<byte[]> items = new();

    public int Count => items.Count;

    /// <summary>Adds a copy of <paramref name="datagram"/>; returns how many old datagrams were dropped (0 or 1).</summary>
    public int Enqueue(ReadOnlySpan<byte> datagram)
    {
        var dropped = 0;
        if (items.Count >= capacity)
        {
            items.Dequeue();
            dropped = 1;
        }

        items.Enqueue(datagram.ToArray());
        return dropped;
    }

    /// <summary>True when every held datagram matches (and at least one is held).</summary>
    public bool AllMatch(Func<byte[], bool> match) => items.Count > 0 && items.All(match);

    public bool TryPeek(out byte[]? datagram) => items.TryPeek(out datagram);

    public bool TryDequeue(out byte[]? datagram) => items.TryDequeue(out datagram);

    /// <summary>Empties the queue and returns how many datagrams were discarded.</summary>
    public int Clear()
    {
        var count = items.Count;
        items.Clear();
        return count;
    }
}
