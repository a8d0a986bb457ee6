using Gsp.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Wallets;
using Gsp.Wallets;

namespace Gsp.Tests.Billing;

/// <summary>
/// Running servers pay their catalog price per hour in 15-minute slices (0.125 credits at 0.5/h) and the
/// last slice in whole minutes; at zero credits everything of the user stops. Real PostgreSQL, an
/// in-memory engine, hours moved forward on a fake clock.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class BillingTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    private const decimal FullSlice = 0.125m;

    [Fact]
    public async Task Ten_servers_of_one_user_are_billed_slice_by_slice_over_simulated_hours()
    {
        var user = await cluster.NewUserAsync(100m);
        var wallet = cluster.Wallet(user);
        var servers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cluster.CreateDemoAsync(user)));
        await Task.WhenAll(servers.Select(BillingCluster.WakeAsync));
        var started = cluster.Clock.GetUtcNow();

        // Two hours at once: each server's next tick catches up slice by slice.
        cluster.Clock.Advance(TimeSpan.FromHours(2));
        await Task.WhenAll(servers.Select(s => BillingCluster.WaitForChargesAsync(wallet, s.GetPrimaryKeyString(), 8)));

        // Then one slice at a time, and a last stretch of eight minutes before the owner hibernates them.
        for (var slice = 9; slice <= 12; slice++)
        {
            cluster.Clock.Advance(BillingCluster.Slice);
            await Task.WhenAll(servers.Select(s => BillingCluster.WaitForChargesAsync(wallet, s.GetPrimaryKeyString(), slice)));
        }

        cluster.Clock.Advance(TimeSpan.FromMinutes(8));
        foreach (var server in servers)
        {
            Assert.True((await server.HibernateAsync()).Succeeded);
        }

        await Task.WhenAll(servers.Select(s => BillingCluster.WaitForAsync(s, GameServerStatus.Sleeping)));
        await Task.WhenAll(servers.Select(s => BillingCluster.WaitForChargesAsync(wallet, s.GetPrimaryKeyString(), 13)));

        // Asleep costs nothing: another simulated hour and several ticks add no charge.
        cluster.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var lastSlice = new UsageCharge("any", started, 8, 0.5m).Cost;
        foreach (var server in servers)
        {
            var id = server.GetPrimaryKeyString();
            var charges = await BillingCluster.ChargesAsync(wallet, id);
            var expectedKeys = Enumerable.Range(0, 13).Select(i => WalletKeys.Usage(id, started + i * BillingCluster.Slice));
            Assert.Equal(expectedKeys, charges.Select(c => c.IdempotencyKey));
            Assert.Equal([.. Enumerable.Repeat(-FullSlice, 12), -lastSlice], charges.Select(c => c.Amount));
        }

        Assert.Equal(0.0667m, lastSlice);
        var entries = await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
        Assert.Equal(1 + 10 * 13, entries.Count);
        Assert.Equal(100m - 10 * (12 * FullSlice + lastSlice), (await wallet.GetSummaryAsync(0)).Balance);
    }

    [Fact]
    public async Task A_billing_reminder_fired_twice_for_the_same_period_charges_it_once()
    {
        var user = await cluster.NewUserAsync(10m);
        var wallet = cluster.Wallet(user);
        var server = await cluster.CreateDemoAsync(user);
        await BillingCluster.WakeAsync(server);
        var id = server.GetPrimaryKeyString();
        var started = cluster.Clock.GetUtcNow();

        // The slice falls due; besides the reminder's own ticks, five more arrive at once.
        cluster.Clock.Advance(BillingCluster.Slice);
        var remindable = server.AsReference<IRemindable>();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => remindable.ReceiveReminder("idle-check", default)));
        await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => remindable.ReceiveReminder("idle-check", default)));

        var charges = await BillingCluster.ChargesAsync(wallet, id);
        Assert.Equal([WalletKeys.Usage(id, started)], charges.Select(c => c.IdempotencyKey));
        Assert.Equal(10m - FullSlice, (await wallet.GetSummaryAsync(0)).Balance);

        cluster.Clock.Advance(BillingCluster.Slice);
        await BillingCluster.WaitForChargesAsync(wallet, id, 2);
        await server.HibernateAsync();
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
        Assert.Equal(2, (await BillingCluster.ChargesAsync(wallet, id)).Count);
    }

    [Fact]
    public async Task At_zero_credits_every_running_server_hibernates_within_the_billing_period_and_wakes_and_creates_are_refused()
    {
        var user = await cluster.NewUserAsync(0.30m);
        var wallet = cluster.Wallet(user);
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => cluster.CreateDemoAsync(user)));
        await Task.WhenAll(servers.Select(BillingCluster.WakeAsync));

        // One slice each costs 0.375 of the 0.30: the charge that empties the wallet stops all three,
        // without the clock moving on (hibernated within the same billing period).
        cluster.Clock.Advance(BillingCluster.Slice);
        var asleep = await Task.WhenAll(servers.Select(s => BillingCluster.WaitForAsync(s, GameServerStatus.Sleeping)));
        Assert.All(asleep, info => Assert.Contains("credits ran out", info.Detail));
        var games = await Task.WhenAll(servers.Select(s => cluster.Engine.InspectContainerAsync(new ServerResources(s.GetPrimaryKeyString()).GameContainer, CancellationToken.None)));
        Assert.All(games, game => Assert.False(game!.Running));

        var summary = await wallet.GetSummaryAsync(0);
        Assert.True(summary.Exhausted);
        Assert.Equal(0.30m - 3 * FullSlice, summary.Balance);
        Assert.InRange(summary.Balance, -FullSlice, 0m);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);

        var wake = await servers[0].WakeAsync();
        Assert.Equal(GameServerError.InsufficientCredits, wake.Error);
        Assert.Contains("add credits to wake this server", wake.Message);
        Assert.Equal(GameServerStatus.Sleeping, wake.Server!.Status);

        var another = cluster.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(cluster.HostName));
        var create = await another.CreateAsync(new CreateGameServer(user, "one more", "demo", new Dictionary<string, string>()));
        Assert.Equal(GameServerError.InsufficientCredits, create.Error);
        Assert.Null(await another.GetInfoAsync());

        // More time asleep costs nothing; credits bring the wake back.
        cluster.Clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(summary.Balance, (await wallet.GetSummaryAsync(0)).Balance);
        Assert.True((await wallet.DepositAsync(new Deposit(5m, "top-up-" + user))).Succeeded);
        await BillingCluster.WakeAsync(servers[0]);
        await servers[0].HibernateAsync();
    }
}
