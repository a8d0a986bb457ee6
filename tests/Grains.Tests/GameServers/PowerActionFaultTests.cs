using Gsp.GameServers;
using Gsp.Tests.Billing;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Wallets;
using Gsp.Wallets;

namespace Gsp.Tests.GameServers;

/// <summary>
/// The engine fails in the middle of a stop, a start or a delete: the action is retried, then ends in a
/// usable state, and the ledger bills only the time the game container ran. Real PostgreSQL, an
/// in-memory engine that fails chosen steps, and a fake clock (retries wait on it).
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class PowerActionFaultTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    private const decimal Price = 0.5m;

    [Fact]
    public async Task A_stop_whose_engine_fails_part_way_is_retried_and_bills_only_until_the_container_stopped()
    {
        var (server, id, wallet, started) = await RunningServerAsync();
        var game = new ServerResources(id).GameContainer;
        cluster.Engine.FailWhen = (verb, name) => verb == "stop" && name == game;
        try
        {
            cluster.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.True((await server.HibernateAsync()).Succeeded);
            await WaitForFailureAsync("stop " + game);

            // The engine did stop the game; its answer was lost. An hour passes before it answers again.
            cluster.Engine.Exit(game, 0);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(GameServerStatus.Stopping, (await server.GetInfoAsync())!.Status);
        }
        finally
        {
            cluster.Engine.FailWhen = null;
        }

        cluster.Clock.Advance(TimeSpan.FromHours(1));
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal([WalletKeys.Usage(id, started)], (await BillingCluster.ChargesAsync(wallet, id)).Select(c => c.IdempotencyKey));
        Assert.Equal(-new UsageCharge(id, started, 10, Price).Cost, charges[0].Amount);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
    }

    [Fact]
    public async Task A_stop_that_keeps_failing_ends_failed_with_the_reason_and_the_owner_can_hibernate_it_later()
    {
        var (server, id, wallet, started) = await RunningServerAsync();
        var game = new ServerResources(id).GameContainer;
        cluster.Engine.FailWhen = (verb, name) => verb == "stop" && name == game;
        GameServerInfo failed;
        try
        {
            Assert.True((await server.HibernateAsync()).Succeeded);
            await WaitForFailureAsync("stop " + game);
            cluster.Clock.Advance(BillingCluster.RetryWindow + TimeSpan.FromMinutes(1));
            failed = await BillingCluster.WaitForAsync(server, GameServerStatus.Failed);

            // Failed ended the action: a backup is refused with the way out, not as busy.
            var backUp = await server.BackUpAsync((await server.GetInfoAsync())!.OwnerId);
            Assert.Equal(GameServerError.InvalidTransition, backUp.Error);
            Assert.Contains("wake, hibernate or delete", backUp.Message);
        }
        finally
        {
            cluster.Engine.FailWhen = null;
        }

        Assert.Equal(GameServerStatus.Stopping, failed.FailedDuring);
        Assert.Contains("stopping the game failed", failed.Detail);
        Assert.Contains("the engine did not answer", failed.Detail);
        Assert.Contains("wake, hibernate or delete", failed.Detail);

        // The game really ran all along (its stop never happened): the owner stops it, and pays to there.
        var stoppedAt = cluster.Clock.GetUtcNow();
        var hibernate = await server.HibernateAsync();
        Assert.True(hibernate.Succeeded, hibernate.Message);
        var asleep = await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        Assert.Equal(GameServerStatus.None, asleep.FailedDuring);
        var minutes = (int)(stoppedAt - started).TotalMinutes;
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, minutes / 15 + 1);
        Assert.Equal(-new UsageCharge(id, started, minutes % 15, Price).Cost, charges[^1].Amount);
        Assert.Equal(Enumerable.Range(0, minutes / 15 + 1).Select(i => WalletKeys.Usage(id, started + i * BillingCluster.Slice)), charges.Select(c => c.IdempotencyKey));
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
    }

    [Fact]
    public async Task A_start_that_keeps_failing_ends_failed_unbilled_and_the_server_wakes_once_the_engine_is_back()
    {
        var user = await cluster.NewUserAsync(10m);
        var wallet = cluster.Wallet(user);
        var server = await cluster.CreateDemoAsync(user);
        var id = server.GetPrimaryKeyString();
        var game = new ServerResources(id).GameContainer;
        cluster.Engine.FailWhen = (verb, name) => verb == "start" && name == game;
        GameServerInfo failed;
        try
        {
            Assert.True((await server.WakeAsync()).Succeeded);
            await WaitForFailureAsync("start " + game);
            Assert.Equal(GameServerStatus.Starting, (await server.GetInfoAsync())!.Status);
            cluster.Clock.Advance(BillingCluster.RetryWindow + TimeSpan.FromMinutes(1));
            failed = await BillingCluster.WaitForAsync(server, GameServerStatus.Failed);
        }
        finally
        {
            cluster.Engine.FailWhen = null;
        }

        Assert.Equal(GameServerStatus.Starting, failed.FailedDuring);
        Assert.Contains("starting the game failed", failed.Detail);
        Assert.Empty(await BillingCluster.ChargesAsync(wallet, id));

        var started = cluster.Clock.GetUtcNow();
        await BillingCluster.WakeAsync(server);
        cluster.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await server.HibernateAsync()).Succeeded);
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        Assert.Equal([WalletKeys.Usage(id, started)], charges.Select(c => c.IdempotencyKey));
        Assert.Equal(-new UsageCharge(id, started, 4, Price).Cost, charges[0].Amount);
    }

    [Fact]
    public async Task A_delete_whose_engine_fails_part_way_removes_everything_once_it_answers_and_bills_only_until_the_game_stopped()
    {
        var (server, id, wallet, started) = await RunningServerAsync();
        var resources = new ServerResources(id);
        cluster.Engine.FailWhen = (verb, name) => verb == "remove" && name == resources.GameContainer;
        try
        {
            cluster.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.True((await server.DeleteAsync()).Succeeded);
            await WaitForFailureAsync("remove " + resources.GameContainer);
            Assert.Equal(GameServerStatus.Deleting, (await server.GetInfoAsync())!.Status);
        }
        finally
        {
            cluster.Engine.FailWhen = null;
        }

        cluster.Clock.Advance(TimeSpan.FromHours(2));
        await BillingCluster.WaitForAsync(server, GameServerStatus.Deleted);
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal([WalletKeys.Usage(id, started)], (await BillingCluster.ChargesAsync(wallet, id)).Select(c => c.IdempotencyKey));
        Assert.Equal(-new UsageCharge(id, started, 5, Price).Cost, charges[0].Amount);
        Assert.DoesNotContain(resources.GameContainer, cluster.Engine.ContainerNames);
        Assert.DoesNotContain(resources.ProxyContainer, cluster.Engine.ContainerNames);
        Assert.DoesNotContain(resources.DataVolume, cluster.Engine.VolumeNames);
    }

    [Fact]
    public async Task A_stop_resumed_after_a_silo_restart_bills_to_the_moment_the_container_stopped_not_to_now()
    {
        var (server, id, wallet, started) = await RunningServerAsync();
        var game = new ServerResources(id).GameContainer;
        cluster.Engine.FailWhen = (verb, name) => verb == "stop" && name == game;
        cluster.Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.True((await server.HibernateAsync()).Succeeded);
        await WaitForFailureAsync("stop " + game);
        cluster.Engine.Exit(game, 0);

        // The silo dies mid-stop; it is back three hours later, and so is the engine.
        await cluster.KillAsync();
        cluster.Engine.FailWhen = null;
        cluster.Clock.Advance(TimeSpan.FromHours(3));
        await cluster.StartAsync();
        server = cluster.Grains.GetGrain<IGameServerGrain>(id);
        wallet = cluster.Wallet((await server.GetInfoAsync())!.OwnerId);

        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        var charges = await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal([WalletKeys.Usage(id, started)], (await BillingCluster.ChargesAsync(wallet, id)).Select(c => c.IdempotencyKey));
        Assert.Equal(-new UsageCharge(id, started, 7, Price).Cost, charges[0].Amount);
    }

    [Fact]
    public async Task A_reconciliation_whose_engine_never_answers_ends_after_the_step_timeout_and_a_wake_then_proceeds()
    {
        var user = await cluster.NewUserAsync(10m);
        var server = await cluster.CreateDemoAsync(user);
        var proxy = new ServerResources(server.GetPrimaryKeyString()).ProxyContainer;
        cluster.Engine.HangWhen = (verb, name) => verb == "inspect" && name == proxy;
        Task reconcile;
        try
        {
            // The container events or the idle tick start a pass; the engine holds its first inspection.
            reconcile = server.ReconcileAsync();
            await Eventually.ValueAsync(() => Task.FromResult(cluster.Engine.HungOperations), hung => hung.Contains("inspect " + proxy), BillingCluster.Patience);
            Assert.False(reconcile.IsCompleted);
        }
        finally
        {
            cluster.Engine.HangWhen = null;
        }

        // A wake waits for the pass; the pass gives up on the wedged call after ActionStepTimeout (2 minutes).
        var wake = server.WakeAsync();
        cluster.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await reconcile.WaitAsync(BillingCluster.Patience);
        Assert.True((await wake.WaitAsync(BillingCluster.Patience)).Succeeded);
        await BillingCluster.WaitForAsync(server, GameServerStatus.Running);
    }

    private async Task<(IGameServerGrain Server, string Id, IWalletGrain Wallet, DateTimeOffset Started)> RunningServerAsync()
    {
        var user = await cluster.NewUserAsync(10m);
        var server = await cluster.CreateDemoAsync(user);
        await BillingCluster.WakeAsync(server);
        return (server, server.GetPrimaryKeyString(), cluster.Wallet(user), cluster.Clock.GetUtcNow());
    }

    private Task WaitForFailureAsync(string operation) =>
        Eventually.ValueAsync(() => Task.FromResult(cluster.Engine.FailedOperations), failed => failed.Contains(operation), BillingCluster.Patience);
}
