using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Billing;

namespace Gsp.Tests.GameServers;

/// <summary>
/// Moves that cannot happen are refused before anything changes, on a one-host cluster with an in-memory engine:
/// the server stays sleeping (or running) where it is, and no port is held anywhere else. The moves themselves run
/// on two real engines (WebFrontend.Tests: ServerMoveTests).
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class ServerMoveRefusalTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    private IHostDirectoryGrain Directory => cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    [Fact]
    public async Task A_move_is_refused_without_another_host_with_room_or_while_the_game_runs_and_the_server_stays_as_it_was()
    {
        var user = await cluster.NewUserAsync(10m);
        var server = await cluster.CreateDemoAsync(user);
        var before = (await server.GetInfoAsync())!;

        var nowhere = await server.MoveAsync(null);
        var here = await server.MoveAsync(before.HostName);
        var unknown = await server.MoveAsync("no-such-host");

        Assert.Equal(GameServerError.NoCapacity, nowhere.Error);
        Assert.Contains("no other host has room", nowhere.Message);
        Assert.Equal(GameServerError.InvalidRequest, here.Error);
        Assert.Equal(GameServerError.NotFound, unknown.Error);
        Assert.Equal(before, await server.GetInfoAsync());

        // A drain with nowhere to go leaves the sleeping server alone.
        Assert.True(await Directory.SetDrainingAsync(cluster.HostName, true));
        try
        {
            await server.OnHostDrainingAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            Assert.Equal(before, await server.GetInfoAsync());
        }
        finally
        {
            await Directory.SetDrainingAsync(cluster.HostName, false);
        }

        await BillingCluster.WakeAsync(server);
        var running = await server.MoveAsync(null);
        Assert.Equal(GameServerError.InvalidTransition, running.Error);
        Assert.Contains("only a sleeping server moves", running.Message);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
        Assert.Equal(before.HostName, (await Directory.FindServerAsync(before.Id))!.HostName);
        Assert.Equal([before.HostName], (await Directory.ListHostsAsync()).Where(h => h.Servers.Any(s => s.ServerId == before.Id)).Select(h => h.Name));
        Assert.True((await server.HibernateAsync()).Succeeded);
    }
}
