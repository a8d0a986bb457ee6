using Gsp.Tests.Infrastructure;
using System.Diagnostics;
using Gsp.GameServers;
using Gsp.Tests.Billing;
using Gsp.Tests.Cluster;
using Gsp.Wallets;

namespace Gsp.Tests.GameServers;

/// <summary>
/// The real engine stops answering in the middle of a stop and of a delete: the test freezes the second
/// test engine (SIGSTOP; never the first, which other tests share) for a few seconds and always thaws it.
/// Each action ends in a usable state, and the ledger charges no time past the container's stop.
/// </summary>
[Trait("Category", "Docker")]
public sealed class EngineOutageDockerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = GameServerCluster.Patience;

    private readonly GameServerCluster fixture = new()
    {
        DockerEndpoint = MultiHostCluster.SecondEngine,
        Settings = new Dictionary<string, string?>
        {
            ["Gsp:GameServers:BillingSlice"] = "00:01:00",
            ["Gsp:GameServers:ActionRetryWindow"] = "00:00:10",
            ["Gsp:GameServers:ActionRetryFirstDelay"] = "00:00:01",
            ["Gsp:GameServers:ActionRetryMaxDelay"] = "00:00:02",
            ["Gsp:GameServers:ActionStepTimeout"] = "00:00:05",
            ["Gsp:GameServers:StopGrace"] = "00:00:02",
        },
    };

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task A_frozen_engine_during_stop_and_delete_leaves_a_usable_server_billed_only_until_its_game_stopped()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var resources = new ServerResources(id);
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner);
        var woken = await server.WakeAsync();
        Assert.True(woken.Succeeded, woken.Message);
        var running = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var started = running.RunningSince!.Value;

        // Frozen for longer than the retry window: the stop ends Failed, with the reason for the owner.
        GameServerInfo failed;
        using (SecondEngine.Freeze())
        {
            Assert.True((await server.HibernateAsync()).Succeeded);
            failed = await GameServerCluster.WaitForAsync(server, GameServerStatus.Failed);
        }

        Assert.Equal(GameServerStatus.Stopping, failed.FailedDuring);
        Assert.Contains("stopping the game failed", failed.Detail);

        // The engine is back: the owner hibernates the failed server, and pays only until its game stopped.
        var hibernate = await server.HibernateAsync();
        Assert.True(hibernate.Succeeded, hibernate.Message);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        var game = await fixture.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None);
        Assert.False(game!.Running);
        var ranMinutes = (int)Math.Ceiling((game.FinishedAt!.Value - started).TotalMinutes);
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        Assert.InRange(-charges.Sum(c => c.Amount), 0.0001m, ranMinutes * new UsageCharge(id, started, 1, running.PricePerHour).Cost);
        Assert.Equal(WalletKeys.Usage(id, started), charges[0].IdempotencyKey);

        // Frozen for a moment during a delete: retried, and everything is removed once the engine answers.
        Assert.True((await server.WakeAsync()).Succeeded);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        using (SecondEngine.Freeze())
        {
            Assert.True((await server.DeleteAsync()).Succeeded);
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(GameServerStatus.Deleting, (await server.GetInfoAsync())!.Status);
        }

        await GameServerCluster.WaitForAsync(server, GameServerStatus.Deleted);
        Assert.Null(await fixture.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None));
        Assert.Null(await fixture.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None));
        Assert.False(await fixture.Containers.NetworkExistsAsync(resources.Network, CancellationToken.None));
    }
}
