using Gsp.Hosts;
using Gsp.Storage;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Gsp.Tests.Hosts;

/// <summary>
/// An installation upgraded from a build that kept the host directory and each host's ports as Orleans
/// state blobs ("hosts", "ports"): at their first activation the grains import the blobs into rows, once,
/// and everything reads as it did. The bytes below were written by that build (Orleans' binary format, as
/// the grain storage holds it) for two hosts and three servers, one running.
/// </summary>
public sealed class HostRowsImportTests
{
    // HostDirectoryState: alpha (8192 MB, 4 CPUs, ports 30000-30099, over-commit 1.5 / 2, 3 busy refusals) with
    // alpha.aaaa0001 (user-1, demo) and alpha.aaaa0002 (user-2, valheim, 2048 MB, 2 CPUs, 2 ports, running);
    // beta (4096 MB, 2 CPUs, ports 31000-31009, draining) with beta.bbbb0001 (user-1, demo).
    private const string StoredHosts =
        "ICAwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEFQQthbHBoYSAg6MAPQRUxOTIuMC4yLjEwIegABAACQSEAAAAAAAAAAAQAAAAAAAAAAQRTBwE0WQdBIQAAAQAAAAAADwAAAAAAAABBIQAAAAAAAAAAAgAAAAAAAADg4AEBIYAAUBEK7UbfCIEAAAAAAAAAAOAhOAMAAwEB4AEFQR1hbHBoYS5hYWFhMDAwMSDowDlBDXVzZXItMUELZmlyc3RBCWRlbW8BAgJBIQAAAgAAAAAAGQAAAAAAAAABBeBAHWFscGhhLmFhYWEwMDAyIOjAS0ENdXNlci0yQQ92YWxoZWltwVMBAkBBIQAAAAAAAAAAAgAAAAAAAAABCeDgITgDAAMBAeABA8FL4AEN4EAJYmV0YSAg6MBrQRUxOTIuMC4yLjExIegAAoBBIQAAAAAAAAAAAgAAAAAAAAABhJEHARSSB0EhAAAAAAAAAAABAAAAAAAAAEEhAAAAAAAAAAABAAAAAAAAAODgAQMhgACsIcfCR98IgQAAAAAAAAAA4CE4AwADAQHgAQNBG2JldGEuYmJiYjAwMDEg6MCVwT9BDXNlY29uZMFDAQICQSEAAAIAAAAAABkAAAAAAAAAAQXg4CE4AwADAQHg4AEB4ODg";

    // HostPortsState of host alpha: alpha.aaaa0001 → 30000 (1 port), alpha.aaaa0002 → 30001 (2 ports).
    private const string StoredAlphaPorts =
        "ICAwATEs1C4dU3RyaW5nQ29tcGFyZXIAAwEB4AEFQR1hbHBoYS5hYWFhMDAwMSDoAARTBwEF4EAdYWxwaGEuYWFhYTAwMDIg6AAUUwcBCeDg4A==";

    [Fact]
    public async Task State_stored_by_the_build_before_rows_is_imported_once_and_reads_back_unchanged()
    {
        await using var cluster = new GspTestCluster();
        await cluster.StartAsync();
        await WriteBlobAsync(cluster, "hosts", cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key), StoredHosts, typeof(HostDirectoryState));
        await WriteBlobAsync(cluster, "ports", cluster.Grains.GetGrain<IHostPortsGrain>("alpha"), StoredAlphaPorts, typeof(HostPortsState));

        // The upgrade: the new build's silo starts on the old build's state.
        await cluster.StopAsync();
        await cluster.StartAsync();
        await AssertImportedAsync(cluster);
        var held = await cluster.Grains.GetGrain<IHostPortsGrain>("alpha").AllocateAsync("alpha.new", 1, 30000, 30099);
        Assert.Equal(30003, held);
        await cluster.Grains.GetGrain<IHostPortsGrain>("alpha").ReleaseAsync("alpha.new");

        // A second start imports nothing again: the blobs were emptied, and the import recorded.
        await cluster.StopAsync();
        await cluster.StartAsync();
        await AssertImportedAsync(cluster);
        Assert.False(await BlobExistsAsync(cluster, "hosts", cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key)));
        Assert.False(await BlobExistsAsync(cluster, "ports", cluster.Grains.GetGrain<IHostPortsGrain>("alpha")));
        Assert.Equal(3, await CountAsync(cluster, "SELECT count(*) FROM gsp_host_server"));
        Assert.Equal(3, await CountAsync(cluster, "SELECT count(*) FROM gsp_host"));
        Assert.Equal(2, await CountAsync(cluster, "SELECT count(*) FROM gsp_host_port_block"));
    }

    private static async Task AssertImportedAsync(GspTestCluster cluster)
    {
        var directory = cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        var hosts = (await directory.ListHostsAsync()).ToDictionary(h => h.Name);
        var alpha = hosts["alpha"];
        Assert.Equal(new HostCapacity(8192, 4m, 30000, 30099) { MemoryOvercommit = 1.5m, CpuOvercommit = 2m }, alpha.Capacity);
        Assert.Equal("192.0.2.10", alpha.PublicAddress);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), alpha.RegisteredAt);
        Assert.Equal(3, alpha.BusyRefusals);
        Assert.False(alpha.Draining);
        Assert.False(alpha.Online);
        Assert.Equal(
            [
                new ServerReservation("alpha.aaaa0001", "user-1", "first", "demo", 64, 0.25m, 1),
                new ServerReservation("alpha.aaaa0002", "user-2", "valheim", "valheim", 2048, 2m, 2),
            ],
            alpha.Servers);
        Assert.Equal(["alpha.aaaa0002"], alpha.RunningServers);
        Assert.Equal(2048, alpha.UsedMemoryMb);
        Assert.Equal(2m, alpha.UsedCpus);
        Assert.Equal(3, alpha.UsedPorts);
        Assert.True(hosts["beta"].Draining);
        Assert.Equal("beta", (await directory.FindServerAsync("beta.bbbb0001"))!.HostName);
        Assert.True(hosts[cluster.HostName].Online);

        var ports = await cluster.Grains.GetGrain<IHostPortsGrain>("alpha").ListAsync();
        Assert.Equal(new Dictionary<string, int> { ["alpha.aaaa0001"] = 30000, ["alpha.aaaa0002"] = 30001 }, ports);
    }

    private static IServiceProvider SiloServices(GspTestCluster cluster) => ((InProcessSiloHandle)cluster.Cluster.Silos[0]).SiloHost.Services;

    private static async Task WriteBlobAsync(GspTestCluster cluster, string stateName, IAddressable grain, string base64, Type type)
    {
        var services = SiloServices(cluster);
        var storage = services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var bytes = Convert.FromBase64String(base64);
        var serializer = services.GetRequiredService<Serializer>();
        if (type == typeof(HostDirectoryState))
        {
            await storage.WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<HostDirectoryState>(serializer.Deserialize<HostDirectoryState>(bytes)));
        }
        else
        {
            await storage.WriteStateAsync(stateName, grain.GetGrainId(), new GrainState<HostPortsState>(serializer.Deserialize<HostPortsState>(bytes)));
        }
    }

    private static async Task<bool> BlobExistsAsync(GspTestCluster cluster, string stateName, IAddressable grain)
    {
        var storage = SiloServices(cluster).GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);
        var state = new GrainState<object>();
        await storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.RecordExists;
    }

    private static async Task<long> CountAsync(GspTestCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
