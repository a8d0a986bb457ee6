using System.Globalization;
using Gsp.Accounts;
using Gsp.Wallets;
using Gsp.WebFrontend.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Admin;

public sealed class AdminUsersModel(IClusterClient client) : PageModel
{
    public IReadOnlyList<(UserProfile User, WalletSummary Wallet)> Users { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(string? userId, string? amount, string? reason)
    {
        if (userId is null || await client.GetGrain<IAccountsGrain>(0).GetUserAsync(userId) is null)
        {
            Error = "There is no such user.";
        }
        else if (!decimal.TryParse(amount?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            Error = "Enter an amount such as 10 or -2.50.";
        }
        else
        {
            var result = await client.GetGrain<IWalletGrain>(userId).GrantAsync(value, User.Id(), reason ?? "");
            if (result.Succeeded)
            {
                TempData["Message"] = $"Granted {value:0.00} credits; the balance is now {result.Balance:0.00##}.";
                return Redirect("/admin/users");
            }

            Error = result.Message;
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var users = await client.GetGrain<IAccountsGrain>(0).ListUsersAsync();
        var wallets = await Task.WhenAll(users.Select(u => client.GetGrain<IWalletGrain>(u.Id).GetSummaryAsync(0)));
        Users = users.Zip(wallets).ToArray();
    }
}
