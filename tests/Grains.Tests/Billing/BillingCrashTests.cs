using Gsp.Tests.Infrastructure;
using Gsp.Tests.Wallets;
using Gsp.Wallets;

namespace Gsp.Tests.Billing;

/// <summary>A silo that dies while a server catches up on its billing neither skips nor repeats a slice.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class BillingCrashTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    [Fact]
    public async Task A_silo_killed_in_the_middle_of_billing_and_restarted_charges_every_slice_exactly_once()
    {
        const int Slices = 4 * 96;
        var user = await cluster.NewUserAsync(1000m);
        var wallet = cluster.Wallet(user);
        var server = await cluster.CreateDemoAsync(user);
        var id = server.GetPrimaryKeyString();
        await BillingCluster.WakeAsync(server);
        var started = cluster.Clock.GetUtcNow();

        // Four days fall due at once (the silo was away, say): the next tick charges them one by one.
        cluster.Clock.Advance(TimeSpan.FromHours(96));
        var before = await Eventually.ValueAsync(() => wallet.GetSummaryAsync(0), s => s.EntryCount > 40, BillingCluster.Patience);
        await cluster.KillAsync();
        Assert.True(before.EntryCount - 1 < Slices, "billing finished before the kill; the test proves nothing");

        await cluster.StartAsync();
        wallet = cluster.Wallet(user);
        var charges = await Eventually.ValueAsync(() => BillingCluster.ChargesAsync(wallet, id), c => c.Count >= Slices, TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2));
        charges = await BillingCluster.ChargesAsync(wallet, id);

        Assert.Equal(Enumerable.Range(0, Slices).Select(i => WalletKeys.Usage(id, started + i * BillingCluster.Slice)), charges.Select(c => c.IdempotencyKey));
        Assert.All(charges, c => Assert.Equal(-0.125m, c.Amount));
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
        Assert.Equal(1000m - Slices * 0.125m, (await wallet.GetSummaryAsync(0)).Balance);
    }
}
