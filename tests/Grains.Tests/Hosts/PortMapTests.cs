using Gsp.Hosts;

namespace Gsp.Tests.Hosts;

/// <summary>
/// The free-port tree behind each host's ports grain: the same choice as the port-by-port scan it replaced
/// (the lowest free block), at a cost counted in tree nodes, logarithmic in the range.
/// </summary>
public sealed class PortMapTests
{
    [Fact]
    public void Each_allocation_takes_the_lowest_free_block_exactly_as_a_port_by_port_scan()
    {
        var random = new Random(1234);
        var map = new PortMap(20000, 20999);
        var used = new bool[1000];
        var held = new List<(int First, int Count)>();
        for (var step = 0; step < 5000; step++)
        {
            if (held.Count > 0 && random.Next(3) == 0)
            {
                var (first, count) = held[random.Next(held.Count)];
                held.Remove((first, count));
                map.Free(first, count);
                Array.Fill(used, false, first - 20000, count);
                continue;
            }

            var want = random.Next(1, 5);
            var expected = LowestFreeBlock(used, want);
            var found = map.FindFree(want);

            Assert.Equal(expected is null ? null : 20000 + expected, found);
            if (found is { } port)
            {
                map.Take(port, want);
                Array.Fill(used, true, port - 20000, want);
                held.Add((port, want));
            }
        }
    }

    [Fact]
    public void An_allocation_among_ten_thousand_servers_in_sixty_thousand_ports_visits_a_few_dozen_nodes()
    {
        var map = new PortMap(5000, 64999);
        var depth = (int)Math.Ceiling(Math.Log2(60000));
        var worstFind = 0;
        var worstTake = 0;

        // Ten thousand servers of one to three ports, fragmenting the range as sleeping servers come and go.
        var random = new Random(42);
        var held = new List<(int First, int Count)>();
        while (held.Count < 10_000)
        {
            var count = random.Next(1, 4);
            var first = map.FindFree(count)!.Value;
            worstFind = Math.Max(worstFind, map.Visits);
            map.Take(first, count);
            worstTake = Math.Max(worstTake, map.Visits);
            held.Add((first, count));
            if (random.Next(4) == 0)
            {
                var gone = held[random.Next(held.Count)];
                held.Remove(gone);
                map.Free(gone.First, gone.Count);
            }
        }

        // A descent looks at two children per level; a range update at most four nodes per level.
        Assert.True(worstFind <= 2 * depth + 1, $"a search visited {worstFind} nodes (depth {depth})");
        Assert.True(worstTake <= 4 * depth + 1, $"a take visited {worstTake} nodes (depth {depth})");
    }

    [Fact]
    public void A_full_range_has_no_block_and_a_freed_block_is_found_again()
    {
        var map = new PortMap(30000, 30002);
        map.Take(30000, 3);

        Assert.Null(map.FindFree(1));
        map.Free(30001, 1);
        Assert.Equal(30001, map.FindFree(1));
        Assert.Null(map.FindFree(2));
        Assert.Null(map.FindFree(0));
    }

    [Fact]
    public void Blocks_partly_outside_the_range_hold_only_the_ports_inside_it()
    {
        var map = new PortMap(100, 109);
        map.Take(95, 7);
        map.Take(108, 5);

        Assert.Equal(102, map.FindFree(6));
        Assert.Null(map.FindFree(7));
    }

    [Fact]
    public void A_range_of_every_port_number_is_accepted_and_a_wider_or_reversed_one_is_refused()
    {
        Assert.Equal(1, new PortMap(1, 65535).FindFree(65535));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PortMap(0, 65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PortMap(200, 100));
    }

    private static int? LowestFreeBlock(bool[] used, int count)
    {
        var run = 0;
        for (var i = 0; i < used.Length; i++)
        {
            run = used[i] ? 0 : run + 1;
            if (run == count)
            {
                return i - count + 1;
            }
        }

        return null;
    }
}
