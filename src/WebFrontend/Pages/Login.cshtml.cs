using System.Net.Mail;
using Gsp.Accounts;
using Gsp.WebFrontend.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

public sealed partial class LoginModel(LoginProviders providers, AuthSettings settings, IClusterClient client, ILogger<LoginModel> logger) : PageModel
{
    public LoginProviders Providers => providers;

    public string? Error { get; private set; }

    public string ReturnUrl { get; private set; } = "/servers";

    /// <summary>The development login is offered only on this machine, whatever the configuration says.</summary>
    public bool DevelopmentLoginHere => providers.DevelopmentLogin && Loopback.IsLocal(HttpContext.Connection);

    public void OnGet(string? returnUrl) => ReturnUrl = SafeReturnUrl(returnUrl);

    /// <summary>Sends the browser to a configured identity provider; unknown schemes are refused.</summary>
    public IActionResult OnGetChallenge(string? scheme, string? returnUrl)
    {
        if (scheme is null || providers.External.All(p => p.Scheme != scheme))
        {
            Error = "That sign-in method is not configured.";
            return Page();
        }

        return Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, scheme);
    }

    public async Task<IActionResult> OnPostDevelopmentAsync(string? email, string? returnUrl)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (!providers.DevelopmentLogin)
        {
            return NotFound();
        }

        if (!Loopback.IsLocal(HttpContext.Connection))
        {
            LogDevelopmentRefused(logger, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return StatusCode(StatusCodes.Status403Forbidden, "The development login works only from this machine (a loopback address).");
        }

        email = email?.Trim() ?? "";
        if (email.Length is 0 or > AccountLimits.MaxEmail || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            Error = "Enter an email address such as player@example.com.";
            return Page();
        }

        var user = await client.GetGrain<IAccountsGrain>(0).SignInAsync(
            new ExternalSignIn("development", email.ToLowerInvariant(), email, email, settings.IsConfiguredAdmin("development", email.ToLowerInvariant(), email, emailVerified: true)));
        LogDevelopmentSignIn(logger, user.Id);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserClaims.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only local paths: a crafted link cannot send a signed-in user elsewhere.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/servers";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development login from {Address} refused: not a loopback address")]
    private static partial void LogDevelopmentRefused(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with the development login")]
    private static partial void LogDevelopmentSignIn(ILogger logger, string userId);
}
