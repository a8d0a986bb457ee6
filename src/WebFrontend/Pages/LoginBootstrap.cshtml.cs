using System.Security.Cryptography;
using System.Text;
using Gsp.Accounts;
using Gsp.WebFrontend.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

/// <summary>
/// The one-time bootstrap link: a signed-in user holding the launcher's token becomes an admin for good.
/// Opening the link only shows a confirmation; the claim is a POST, so a link alone changes nothing.
/// </summary>
public sealed partial class LoginBootstrapModel(AuthSettings settings, IClusterClient client, ILogger<LoginBootstrapModel> logger) : PageModel
{
    public string Token { get; private set; } = "";

    public string? Message { get; private set; }

    public bool Succeeded { get; private set; }

    public IActionResult OnGet(string? token)
    {
        if (!Matches(token))
        {
            return NotFound();
        }

        Token = token!;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        if (!Matches(token))
        {
            LogRefused(logger, User.Id());
            return NotFound();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token!)));
        var user = await client.GetGrain<IAccountsGrain>(0).ClaimBootstrapAdminAsync(User.Id(), hash);
        if (user is null)
        {
            Message = "This bootstrap link was used already. An admin can make others admins through Gsp:Auth:AdminEmails or AdminSubjects.";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserClaims.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
        Succeeded = true;
        Message = "You are an admin now.";
        return Page();
    }

    /// <summary>Constant-time comparison with the configured token; no token (or a short one) configured matches nothing.</summary>
    private bool Matches(string? token) =>
        settings.BootstrapToken.Length >= AuthSettings.MinimumBootstrapTokenLength
        && token is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(settings.BootstrapToken));

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} posted a wrong bootstrap token")]
    private static partial void LogRefused(ILogger logger, string userId);
}
