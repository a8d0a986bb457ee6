using Gsp.Accounts;
using Gsp.WebFrontend.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Account;

public sealed class AccountModel(IClusterClient client) : PageModel
{
    public UserProfile? Profile { get; private set; }

    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];

    public string? NewSecret { get; private set; }

    public string? Error { get; private set; }

    private IAccountsGrain Accounts => client.GetGrain<IAccountsGrain>(0);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync(string? name)
    {
        var token = await Accounts.CreateTokenAsync(User.Id(), name ?? "");
        if (token is null)
        {
            Error = $"Give the token a name of 1–{AccountLimits.MaxTokenName} characters (at most {AccountLimits.MaxTokensPerUser} tokens).";
        }
        else
        {
            NewSecret = token.Secret;
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? tokenId)
    {
        TempData["Message"] = await Accounts.RevokeTokenAsync(User.Id(), tokenId ?? "") ? "The token was revoked." : "There is no such token.";
        return Redirect("/account");
    }

    private async Task LoadAsync()
    {
        Profile = await Accounts.GetUserAsync(User.Id());
        Tokens = await Accounts.ListTokensAsync(User.Id());
    }
}
