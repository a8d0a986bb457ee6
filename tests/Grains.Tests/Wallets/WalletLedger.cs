using Gsp.Wallets;

namespace Gsp.Tests.Wallets;

/// <summary>Reads a whole ledger page by page and checks the invariant every wallet test relies on.</summary>
public static class WalletLedger
{
    public static async Task<IReadOnlyList<LedgerEntry>> ReadAllAsync(IWalletGrain wallet)
    {
        var all = new List<LedgerEntry>();
        while (true)
        {
            var page = await wallet.GetLedgerAsync(all.Count, WalletLimits.MaxEntriesPerRead);
            all.AddRange(page.Entries);
            if (page.Entries.Count == 0 || all.Count >= page.Total)
            {
                return all;
            }
        }
    }

    /// <summary>The balance is the ledger's sum, and each entry's running balance is the sum up to it.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> AssertBalanceIsLedgerSumAsync(IWalletGrain wallet)
    {
        var entries = await ReadAllAsync(wallet);
        var summary = await wallet.GetSummaryAsync(0);
        Assert.Equal(entries.Count, summary.EntryCount);
        Assert.Equal(entries.Sum(e => e.Amount), summary.Balance);
        var running = 0m;
        foreach (var entry in entries)
        {
            running += entry.Amount;
            Assert.Equal(running, entry.BalanceAfter);
        }

        Assert.Equal(entries.Count, entries.Select(e => e.IdempotencyKey).Distinct().Count());
        return entries;
    }
}
