using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Billing;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Hosts;

/// <summary>
/// A silo that dies after the host directory admitted a wake, before the server recorded it, leaves the
/// server asleep with its memory and CPUs counted on the host; the server's activation after the restart
/// frees them (in-memory engine, real PostgreSQL).
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class HostShareRecoveryTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    [Fact]
    public async Task A_share_left_counted_by_a_dead_silo_is_freed_when_the_sleeping_server_activates_again()
    {
        var user = await cluster.NewUserAsync(100m);
        var server = await cluster.CreateDemoAsync(user);
        var id = server.GetPrimaryKeyString();

        // What the dead silo left: the directory counts the game as running, the server says it sleeps.
        var directory = cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        Assert.True((await directory.AdmitAsync(id, evenIfFull: false)).Succeeded);
        await cluster.KillAsync();
        await cluster.StartAsync();

        directory = cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        Assert.Equal(GameServerStatus.Sleeping, (await cluster.Grains.GetGrain<IGameServerGrain>(id).GetInfoAsync())!.Status);
        var host = await Eventually.ValueAsync(
            async () => (await directory.ListHostsAsync()).Single(h => h.Name == cluster.HostName),
            h => !h.RunningServers.Contains(id),
            BillingCluster.Patience);
        Assert.Equal(0, host.UsedMemoryMb);
    }
}
