using Gsp.Tests.Infrastructure;
using Gsp.Wallets;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>The ledger outlives the cluster, and a silo dying mid-billing neither loses nor repeats a charge.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class WalletDurabilityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Period = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private TestDatabase database = null!;
    private readonly string serviceId = "gsp-wallet-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Ledger_balance_and_servers_survive_a_full_cluster_restart()
    {
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        WalletSummary before;
        await using (var first = await StartAsync(clusterId))
        {
            var wallet = first.GrainFactory.GetGrain<IWalletGrain>("user-restart");
            await wallet.AddServerAsync("host.srv1");
            await wallet.DepositAsync(new Deposit(12.34m, "pay-1"));
            await wallet.ChargeUsageAsync(new UsageCharge("host.srv1", Period, 10, 0.5m));
            await wallet.GrantAsync(-2m, "admin-1", "refund reversal");
            before = await wallet.GetSummaryAsync(WalletLimits.MaxEntriesPerRead);
            await first.StopAllSilosAsync();
        }

        await using var second = await StartAsync(clusterId);
        var restarted = second.GrainFactory.GetGrain<IWalletGrain>("user-restart");
        var after = await restarted.GetSummaryAsync(WalletLimits.MaxEntriesPerRead);

        Assert.Equal(12.34m - 0.0833m - 2m, after.Balance);
        Assert.Equal(before.RecentEntries, after.RecentEntries);
        Assert.Equal(["host.srv1"], after.Servers);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(restarted);
        var again = await restarted.ChargeUsageAsync(new UsageCharge("host.srv1", Period, 10, 0.5m));
        Assert.True(again.AlreadyCharged);
    }

    [Fact]
    public async Task Silo_killed_mid_billing_then_every_charge_resent_charges_each_period_exactly_once()
    {
        const int Slices = 300;
        var charges = Enumerable.Range(0, Slices).Select(i => new UsageCharge($"host.srv{i % 3}", Period.AddMinutes(10 * i), 10, 0.5m)).ToArray();
        int chargedBeforeKill;

        await using (var doomed = await StartAsync("doomed-" + Guid.NewGuid().ToString("N")[..8]))
        {
            var wallet = doomed.GrainFactory.GetGrain<IWalletGrain>("user-kill");
            await wallet.DepositAsync(new Deposit(100m, "pay-1"));

            // One caller per server, each charging its slices in turn as its billing reminder would. The
            // reminders die with the silo (an in-process kill does not cut the client off by itself), so the
            // kill lands mid-way: slices sent before it may or may not be charged, later ones were not.
            using var killed = new CancellationTokenSource();
            var reminders = charges.GroupBy(c => c.ServerId).Select(slices => ChargeInTurnAsync(wallet, slices, killed.Token)).ToArray();

            // The summary interleaves with the charges, so it shows progress while they are written.
            var seen = await Eventually.ValueAsync(() => wallet.GetSummaryAsync(0), s => s.EntryCount > Slices / 5, TimeSpan.FromSeconds(30));
            await killed.CancelAsync();
            await doomed.KillSiloAsync(doomed.Primary!);
            chargedBeforeKill = seen.EntryCount - 1;
            await Task.WhenAll(reminders);
        }

        await using var revived = await StartAsync("revived-" + Guid.NewGuid().ToString("N")[..8]);
        var again = revived.GrainFactory.GetGrain<IWalletGrain>("user-kill");
        var results = new List<WalletResult>();
        foreach (var charge in charges)
        {
            results.Add(await again.ChargeUsageAsync(charge));
        }

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.InRange(results.Count(r => r.AlreadyCharged), chargedBeforeKill, Slices - 1);
        var entries = await WalletLedger.AssertBalanceIsLedgerSumAsync(again);
        Assert.Equal(Slices + 1, entries.Count);
        Assert.Equal(charges.Select(c => c.IdempotencyKey).Order(), entries.Where(e => e.Kind == LedgerEntryKind.UsageCharge).Select(e => e.IdempotencyKey).Order());
        Assert.Equal(100m - Slices * 0.0833m, (await again.GetSummaryAsync(0)).Balance);
    }

    /// <summary>Charges the slices one after the other until the silo is killed.</summary>
    private static async Task ChargeInTurnAsync(IWalletGrain wallet, IEnumerable<UsageCharge> slices, CancellationToken killed)
    {
        try
        {
            foreach (var slice in slices.TakeWhile(_ => !killed.IsCancellationRequested))
            {
                await wallet.ChargeUsageAsync(slice);
            }
        }
        catch (Exception)
        {
            // Whether the call in flight was charged is unknown to the caller: exactly what the resend settles.
        }
    }

    private async Task<TestCluster> StartAsync(string clusterId)
    {
        var fixture = WalletTestSilo.Fixture(database, clusterId, serviceId);
        await fixture.StartAsync();
        return fixture.Cluster;
    }
}
