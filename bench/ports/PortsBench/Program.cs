using System.Diagnostics;
using Gsp.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

// ports-bench: what one placement costs a host that already holds N servers, before and after the rows.
//   allocations/s: allocate one more block and release it, N blocks held in a range of 60,000 ports;
//     old = the port-by-port scan the ports grain did (marks every held block, then scans the range),
//     new = PortMap (segment tree).
//   bytes written per placement: the old build rewrote the whole directory blob and the host's ports blob
//     (Orleans binary, as stored); the new one writes one row in each table.
const int First = 5000, Last = 64999;
var serializer = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(HostRecord).Assembly)).BuildServiceProvider().GetRequiredService<Serializer>();
Console.WriteLine("servers | old allocations/s | new allocations/s | new nodes visited | old bytes written per placement (directory + ports blobs)");
foreach (var servers in new[] { 100, 1_000, 10_000 })
{
    var blocks = new Dictionary<string, PortBlock>(StringComparer.Ordinal);
    var map = new PortMap(First, Last);
    for (var i = 0; i < servers; i++)
    {
        var block = new PortBlock(First + 2 * i, 1);
        blocks[$"h.{i:D6}"] = block;
        map.Take(block.First, block.Count);
    }

    var old = Rate(() =>
    {
        var port = OldScan(blocks, 1, First, Last)!.Value;
        blocks["h.new"] = new PortBlock(port, 1);
        blocks.Remove("h.new");
    });
    var visits = 0;
    var fresh = Rate(() =>
    {
        var port = map.FindFree(1)!.Value;
        visits = Math.Max(visits, map.Visits);
        map.Take(port, 1);
        visits = Math.Max(visits, map.Visits);
        map.Free(port, 1);
    });

    var record = new HostRecord { Registration = new HostRegistration("h", "192.0.2.1", new HostCapacity(65536, 64, First, Last)) };
    foreach (var id in blocks.Keys)
    {
        record.Servers[id] = new ServerReservation(id, "user-" + id, "a server name", "demo", 64, 0.25m, 1);
    }

    var directory = new HostDirectoryState { Hosts = { ["h"] = record } };
    var bytes = serializer.SerializeToArray(directory).Length + serializer.SerializeToArray(new HostPortsState { Blocks = blocks }).Length;
    Console.WriteLine($"{servers,7} | {old,17:N0} | {fresh,17:N0} | {visits,17} | {bytes,10:N0}");
}

static double Rate(Action step)
{
    for (var i = 0; i < 100; i++)
    {
        step();
    }

    var watch = Stopwatch.StartNew();
    var count = 0;
    while (watch.Elapsed < TimeSpan.FromSeconds(1))
    {
        for (var i = 0; i < 100; i++)
        {
            step();
        }

        count += 100;
    }

    return count / watch.Elapsed.TotalSeconds;
}

// The allocation of the build before PortMap (HostPortsGrain.AllocateAsync), kept here only to compare.
static int? OldScan(Dictionary<string, PortBlock> blocks, int count, int first, int last)
{
    var used = new bool[last - first + 1];
    foreach (var block in blocks.Values)
    {
        for (var port = Math.Max(block.First, first); port < block.First + block.Count && port <= last; port++)
        {
            used[port - first] = true;
        }
    }

    var run = 0;
    for (var port = first; port <= last; port++)
    {
        run = used[port - first] ? 0 : run + 1;
        if (run == count)
        {
            return port - count + 1;
        }
    }

    return null;
}
