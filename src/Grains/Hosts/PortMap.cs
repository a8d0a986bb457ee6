using System.Numerics;

namespace Gsp.Hosts;

/// <summary>
/// Which ports of a range are free, as a segment tree whose every node knows the longest free run in its
/// span and the free runs touching its ends. Finding the lowest block of <c>count</c> consecutive free
/// ports, taking it and freeing it each visit O(log range) nodes (<see cref="Visits"/> counts them), so a
/// host with tens of thousands of ports and servers allocates as fast as one with ten. The lowest free
/// block wins, as it did when the range was scanned port by port.
/// </summary>
public sealed class PortMap
{
    /// <summary>The widest range a map covers: every port number there is.</summary>
    public const int MaxPorts = 65_536;

    private const sbyte None = 0;
    private const sbyte SetFree = 1;
    private const sbyte SetUsed = 2;

    private readonly int leaves;
    private readonly int[] prefix;
    private readonly int[] suffix;
    private readonly int[] best;
    private readonly sbyte[] pending;

    /// <summary>A map of [<paramref name="first"/>, <paramref name="last"/>] with every port free.</summary>
    public PortMap(int first, int last)
    {
        if (last < first || (long)last - first + 1 > MaxPorts)
        {
            throw new ArgumentOutOfRangeException(nameof(last), $"a port range holds 1 to {MaxPorts} ports; [{first}, {last}] does not");
        }

        First = first;
        Last = last;
        leaves = (int)BitOperations.RoundUpToPowerOf2((uint)(last - first + 1));
        prefix = new int[2 * leaves];
        suffix = new int[2 * leaves];
        best = new int[2 * leaves];
        pending = new sbyte[2 * leaves];

        // Leaves past the range are used for good, so no free run reaches beyond Last.
        for (var i = 0; i < leaves; i++)
        {
            var free = i <= last - first ? 1 : 0;
            prefix[leaves + i] = suffix[leaves + i] = best[leaves + i] = free;
        }

        for (var node = leaves - 1; node >= 1; node--)
        {
            Combine(node, Length(node) / 2);
        }
    }

    public int First { get; }

    public int Last { get; }

    /// <summary>The tree nodes the last operation visited: the cost of one allocation, counted rather than timed.</summary>
    public int Visits { get; private set; }

    /// <summary>The lowest port starting <paramref name="count"/> consecutive free ones, or null when no such block is free.</summary>
    public int? FindFree(int count)
    {
        Visits = 1;
        if (count < 1 || best[1] < count)
        {
            return null;
        }

        var node = 1;
        var start = 0;
        while (node < leaves)
        {
            Push(node);
            var left = 2 * node;
            var half = Length(node) / 2;
            Visits += 2;
            if (best[left] >= count)
            {
                node = left;
            }
            else if (suffix[left] + prefix[left + 1] >= count)
            {
                return First + start + half - suffix[left];
            }
            else
            {
                node = left + 1;
                start += half;
            }
        }

        return First + start;
    }

    /// <summary>Marks the block used; the part of it outside the range is ignored.</summary>
    public void Take(int port, int count) => Assign(port, count, SetUsed);

    /// <summary>Marks the block free; the part of it outside the range is ignored.</summary>
    public void Free(int port, int count) => Assign(port, count, SetFree);

    private void Assign(int port, int count, sbyte value)
    {
        Visits = 0;
        var from = Math.Max((long)port, First) - First;
        var to = Math.Min((long)port + count - 1, Last) - First;
        if (count >= 1 && from <= to)
        {
            Assign(1, 0, leaves - 1, (int)from, (int)to, value);
        }
    }

    private void Assign(int node, int low, int high, int from, int to, sbyte value)
    {
        Visits++;
        if (to < low || high < from)
        {
            return;
        }

        if (from <= low && high <= to)
        {
            Apply(node, value);
            return;
        }

        Push(node);
        var mid = (low + high) / 2;
        Assign(2 * node, low, mid, from, to, value);
        Assign(2 * node + 1, mid + 1, high, from, to, value);
        Combine(node, (high - low + 1) / 2);
    }

    private void Apply(int node, sbyte value)
    {
        var length = value == SetFree ? Length(node) : 0;
        prefix[node] = suffix[node] = best[node] = length;
        if (node < leaves)
        {
            pending[node] = value;
        }
    }

    private void Push(int node)
    {
        if (pending[node] != None)
        {
            Apply(2 * node, pending[node]);
            Apply(2 * node + 1, pending[node]);
            pending[node] = None;
        }
    }

    private void Combine(int node, int half)
    {
        int left = 2 * node, right = left + 1;
        prefix[node] = prefix[left] == half ? half + prefix[right] : prefix[left];
        suffix[node] = suffix[right] == half ? half + suffix[left] : suffix[right];
        best[node] = Math.Max(Math.Max(best[left], best[right]), suffix[left] + prefix[right]);
    }

    private int Length(int node) => leaves >> BitOperations.Log2((uint)node);
}
