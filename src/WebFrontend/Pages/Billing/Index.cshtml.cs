using System.Globalization;
using Gsp.Wallets;
using Gsp.WebFrontend.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Billing;

public sealed class BillingModel(IClusterClient client, TimeProvider time) : PageModel
{
    private const int Days = 14;

    public WalletSummary Summary { get; private set; } = null!;

    public IReadOnlyList<(DateOnly Day, decimal Amount)> DailyUsage { get; private set; } = [];

    public string? Error { get; private set; }

    /// <summary>A fresh payment reference per form: the same form submitted twice credits once.</summary>
    public string Reference { get; private set; } = "";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? amount, string? reference)
    {
        if (!decimal.TryParse(amount?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            Error = "Enter an amount such as 10 or 12.50.";
            await LoadAsync();
            return Page();
        }

        var result = await Wallet.DepositAsync(new Deposit(value, string.IsNullOrWhiteSpace(reference) ? Guid.NewGuid().ToString("N") : reference));
        if (!result.Succeeded && result.Error != WalletError.DuplicateReference)
        {
            Error = result.Message;
            await LoadAsync();
            return Page();
        }

        TempData["Message"] = result.Succeeded ? $"{value:0.00} credits added." : "That payment was already credited.";
        return Redirect("/billing");
    }

    private IWalletGrain Wallet => client.GetGrain<IWalletGrain>(User.Id());

    private async Task LoadAsync()
    {
        Reference = Guid.NewGuid().ToString("N");
        Summary = await Wallet.GetSummaryAsync(WalletLimits.MaxEntriesPerRead);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var usage = Summary.RecentEntries.Where(e => e.Kind == LedgerEntryKind.UsageCharge)
            .GroupBy(e => DateOnly.FromDateTime(e.At.UtcDateTime))
            .ToDictionary(g => g.Key, g => -g.Sum(e => e.Amount));
        DailyUsage = Enumerable.Range(0, Days).Select(i => today.AddDays(i - Days + 1)).Select(d => (d, usage.GetValueOrDefault(d))).ToArray();
    }
}
