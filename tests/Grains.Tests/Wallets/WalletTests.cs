using Gsp.Wallets;

namespace Gsp.Tests.Wallets;

/// <summary>The wallet's rules, on real PostgreSQL: charges, deposits, grants, exhaustion, concurrency.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class WalletTests(WalletCluster fixture) : IClassFixture<WalletCluster>
{
    private static readonly DateTimeOffset Period = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Ten_minutes_at_half_a_credit_per_hour_costs_0_0833()
    {
        var wallet = fixture.NewWallet();
        await wallet.DepositAsync(new Deposit(10m, "pay-1"));

        var result = await wallet.ChargeUsageAsync(new UsageCharge("host.srv1", Period, 10, 0.5m));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(-0.0833m, result.Entry!.Amount);
        Assert.Equal(LedgerEntryKind.UsageCharge, result.Entry.Kind);
        Assert.Equal("host.srv1", result.Entry.ServerId);
        Assert.Equal(9.9167m, result.Balance);
    }

    [Fact]
    public void Charge_rounds_midpoints_away_from_zero()
    {
        // 3 min at 0.001/h = 0.00005, exactly halfway between 0.0000 and 0.0001.
        Assert.Equal(0.0001m, new UsageCharge("s", Period, 3, 0.001m).Cost);
        Assert.Equal(0.5m, new UsageCharge("s", Period, 60, 0.5m).Cost);
    }

    [Fact]
    public async Task Same_server_and_period_charged_twice_charges_once_and_returns_the_first_result()
    {
        var wallet = fixture.NewWallet();
        await wallet.DepositAsync(new Deposit(5m, "pay-1"));
        var charge = new UsageCharge("host.srv1", Period, 10, 0.5m);

        var first = await wallet.ChargeUsageAsync(charge);
        var again = await wallet.ChargeUsageAsync(charge with { PeriodStart = Period.ToOffset(TimeSpan.FromHours(2)) });

        Assert.False(first.AlreadyCharged);
        Assert.True(again.Succeeded, again.Message);
        Assert.True(again.AlreadyCharged);
        Assert.Equal(first.Entry, again.Entry);
        Assert.Equal(4.9167m, (await wallet.GetSummaryAsync(10)).Balance);
        Assert.Equal(2, (await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet)).Count);
    }

    [Fact]
    public async Task Balance_is_the_ledger_sum_after_200_concurrent_deposits_and_charges()
    {
        var wallet = fixture.NewWallet();

        // 100 deposits, and 50 slices each charged twice from different callers.
        var calls = Enumerable.Range(0, 200).Select(i => i < 100
            ? wallet.DepositAsync(new Deposit(1.23m, $"pay-{i}"))
            : wallet.ChargeUsageAsync(new UsageCharge($"host.srv{i % 5}", Period.AddMinutes(10 * (i % 50)), 10, 0.5m)));
        var results = await Task.WhenAll(calls);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(50, results.Count(r => r.AlreadyCharged));
        var entries = await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
        Assert.Equal(150, entries.Count);
        Assert.Equal(100 * 1.23m - 50 * 0.0833m, (await wallet.GetSummaryAsync(0)).Balance);
    }

    [Theory]
    [InlineData("0", WalletError.InvalidAmount, "more than zero")]
    [InlineData("-5", WalletError.InvalidAmount, "more than zero")]
    [InlineData("10000.01", WalletError.InvalidAmount, "at most 10,000")]
    [InlineData("1.234", WalletError.InvalidAmount, "whole cents")]
    public async Task Invalid_deposit_is_refused_with_a_clear_message_and_changes_nothing(string amount, WalletError error, string message)
    {
        var wallet = fixture.NewWallet();
        await wallet.DepositAsync(new Deposit(20m, "pay-1"));

        var result = await wallet.DepositAsync(new Deposit(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "pay-2"));

        Assert.Equal(error, result.Error);
        Assert.Contains(message, result.Message);
        Assert.Null(result.Entry);
        var summary = await wallet.GetSummaryAsync(10);
        Assert.Equal(20m, summary.Balance);
        Assert.Single(summary.RecentEntries);
    }

    [Fact]
    public async Task Reused_payment_reference_is_refused_and_credits_once()
    {
        var wallet = fixture.NewWallet();
        var first = await wallet.DepositAsync(new Deposit(20m, "form-token-1"));

        var resubmitted = await wallet.DepositAsync(new Deposit(20m, "form-token-1"));

        Assert.Equal(WalletError.DuplicateReference, resubmitted.Error);
        Assert.Contains("already credited", resubmitted.Message);
        Assert.Equal(first.Entry, resubmitted.Entry);
        Assert.Equal(20m, (await wallet.GetSummaryAsync(10)).Balance);
        Assert.Single(await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet));
    }

    [Fact]
    public async Task The_deposit_limit_itself_is_accepted()
    {
        var wallet = fixture.NewWallet();

        var result = await wallet.DepositAsync(new Deposit(10_000m, "pay-max"));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(10_000m, result.Balance);
    }

    [Fact]
    public async Task Charge_below_zero_applies_exhausts_the_wallet_and_a_deposit_revives_it()
    {
        var wallet = fixture.NewWallet();
        await wallet.AddServerAsync("host.srv1");
        await wallet.DepositAsync(new Deposit(1m, "pay-1"));

        var first = await wallet.ChargeUsageAsync(new UsageCharge("host.srv1", Period, 60, 0.5m));
        var last = await wallet.ChargeUsageAsync(new UsageCharge("host.srv1", Period.AddHours(1), 60, 0.6m));

        Assert.False(first.Exhausted);
        Assert.True(last.Succeeded, last.Message);
        Assert.True(last.Exhausted);
        Assert.Equal(-0.1m, last.Balance);
        Assert.False(await wallet.CanSpendAsync());
        var exhausted = await wallet.GetSummaryAsync(10);
        Assert.False(exhausted.CanSpend);
        Assert.Equal(WalletTestSilo.Now, exhausted.ExhaustedAt);
        Assert.Equal(["host.srv1"], exhausted.Servers);

        await wallet.DepositAsync(new Deposit(5m, "pay-2"));

        Assert.True(await wallet.CanSpendAsync());
        Assert.Null((await wallet.GetSummaryAsync(0)).ExhaustedAt);
    }

    [Fact]
    public async Task New_wallet_has_nothing_to_spend()
    {
        var wallet = fixture.NewWallet();

        var summary = await wallet.GetSummaryAsync(10);

        Assert.Equal(0m, summary.Balance);
        Assert.False(summary.CanSpend);
        Assert.False(await wallet.CanSpendAsync());
        Assert.Empty(summary.RecentEntries);
    }

    [Fact]
    public async Task Grant_is_recorded_with_admin_and_reason_and_may_not_take_the_balance_below_zero()
    {
        var wallet = fixture.NewWallet();

        var granted = await wallet.GrantAsync(15m, "admin-7", "welcome credit");
        var overdrawn = await wallet.GrantAsync(-15.01m, "admin-7", "correction");
        var corrected = await wallet.GrantAsync(-15m, "admin-7", "correction");

        Assert.True(granted.Succeeded, granted.Message);
        Assert.Equal(LedgerEntryKind.Adjustment, granted.Entry!.Kind);
        Assert.Contains("admin-7", granted.Entry.Description);
        Assert.Contains("welcome credit", granted.Entry.Description);
        Assert.Equal(WalletError.InsufficientBalance, overdrawn.Error);
        Assert.True(corrected.Succeeded, corrected.Message);
        Assert.Equal(0m, corrected.Balance);
        Assert.Equal(2, (await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet)).Count);
    }

    [Theory]
    [InlineData("0", "admin", "why", WalletError.InvalidAmount)]
    [InlineData("100000.01", "admin", "why", WalletError.InvalidAmount)]
    [InlineData("-100000.01", "admin", "why", WalletError.InvalidAmount)]
    [InlineData("0.001", "admin", "why", WalletError.InvalidAmount)]
    [InlineData("5", "", "why", WalletError.InvalidRequest)]
    [InlineData("5", "admin", " ", WalletError.InvalidRequest)]
    public async Task Invalid_grant_is_refused_and_changes_nothing(string amount, string admin, string reason, WalletError error)
    {
        var wallet = fixture.NewWallet();

        var result = await wallet.GrantAsync(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), admin, reason);

        Assert.Equal(error, result.Error);
        Assert.NotEmpty(result.Message);
        Assert.Equal(0, (await wallet.GetSummaryAsync(0)).EntryCount);
    }

    [Theory]
    [InlineData("", 10, "0.5")]
    [InlineData("host.srv1", 0, "0.5")]
    [InlineData("host.srv1", 1441, "0.5")]
    [InlineData("host.srv1", 10, "-0.5")]
    public async Task Invalid_usage_charge_is_refused_and_changes_nothing(string serverId, int minutes, string price)
    {
        var wallet = fixture.NewWallet();

        var result = await wallet.ChargeUsageAsync(new UsageCharge(serverId, Period, minutes, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(WalletError.InvalidRequest, result.Error);
        Assert.NotEmpty(result.Message);
        Assert.Equal(0, (await wallet.GetSummaryAsync(0)).EntryCount);
    }

    [Fact]
    public async Task Servers_are_added_and_removed_idempotently()
    {
        var wallet = fixture.NewWallet();

        await wallet.AddServerAsync("host.b");
        await wallet.AddServerAsync("host.a");
        await wallet.AddServerAsync("host.b");
        await wallet.RemoveServerAsync("host.c");

        Assert.Equal(["host.a", "host.b"], await wallet.GetServersAsync());
        await wallet.RemoveServerAsync("host.b");
        await wallet.RemoveServerAsync("host.b");
        Assert.Equal(["host.a"], await wallet.GetServersAsync());
    }

    [Fact]
    public async Task Summary_lists_the_latest_entries_newest_first_stamped_by_the_silo_clock()
    {
        var wallet = fixture.NewWallet();
        for (var i = 1; i <= 5; i++)
        {
            await wallet.DepositAsync(new Deposit(i, $"pay-{i}"));
        }

        var summary = await wallet.GetSummaryAsync(3);

        Assert.Equal([5m, 4m, 3m], summary.RecentEntries.Select(e => e.Amount));
        Assert.All(summary.RecentEntries, e => Assert.Equal(WalletTestSilo.Now, e.At));
        Assert.Equal(5, summary.EntryCount);
        Assert.Equal(5, (await wallet.GetSummaryAsync(int.MaxValue)).RecentEntries.Count);
    }
}
