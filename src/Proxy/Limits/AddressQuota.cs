using System.Net;

namespace Gsp.Proxy.Limits;

/// <summary>
/// Counts admitted clients in all and per source address, refusing any client that would pass either cap.
/// One client over a cap is refused on its own: those already admitted keep their place. Thread-safe.
/// </summary>
internal sealed class AddressQuota(int total, int perAddress)
{
    private readonly Dictionary<IPAddress, int> perSource = [];
    // Guards perSource and count together, so a refusal never leaves one of them counted.
    private readonly Lock gate = new();
    private int count;
    private long releases;

    /// <summary>Clients admitted now; a lock-free read, so a hot path can refuse a full quota without allocating.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>How many places were given back so far: while it stays the same, an address refused for its own cap
    /// would be refused again (<see cref="RefusedAddressMemo"/>).</summary>
    public long Releases => Volatile.Read(ref releases);

    public QuotaVerdict TryAcquire(IPAddress address)
    {
        lock (gate)
        {
            if (count >= total)
            {
                return QuotaVerdict.OverTotal;
            }

            perSource.TryGetValue(address, out var held);
            if (held >= perAddress)
            {
                return QuotaVerdict.OverAddress;
            }

            perSource[address] = held + 1;
            count++;
            return QuotaVerdict.Admitted;
        }
    }

    /// <summary>Gives back one place taken by <see cref="TryAcquire"/> for <paramref name="address"/>.</summary>
    public void Release(IPAddress address)
    {
        lock (gate)
        {
            if (!perSource.TryGetValue(address, out var held))
            {
                return;
            }

            if (held <= 1)
            {
                perSource.Remove(address);
            }
            else
            {
                perSource[address] = held - 1;
            }

            count--;
            Interlocked.Increment(ref releases);
        }
    }
}
