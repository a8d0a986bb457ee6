using System.Security.Claims;
using Gsp.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gsp.WebFrontend.Accounts;

/// <summary>
/// Turns what an identity provider vouched for into the platform's user: records the sign-in with the
/// accounts grain and replaces the provider's claims with the platform's.
/// </summary>
public static partial class ExternalSignInMapper
{
    public static async Task OnTicketReceivedAsync(TicketReceivedContext context, string provider)
    {
        var services = context.HttpContext.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInMapper));
        var principal = context.Principal!;
        var subject = principal.FindFirstValue("sub") ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrWhiteSpace(subject))
        {
            LogRefused(logger, provider, "no subject");
            context.Fail("the identity provider did not say who you are");
            return;
        }

        var email = principal.FindFirstValue("email") ?? principal.FindFirstValue(ClaimTypes.Email) ?? "";
        var name = principal.FindFirstValue("name") ?? principal.FindFirstValue(ClaimTypes.Name) ?? email;

        // Only an email the provider asserts it verified can match an admin email: with a missing claim
        // (multi-tenant Microsoft accounts, many OIDC providers) the user may have typed any address.
        var verified = string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var settings = services.GetRequiredService<AuthSettings>();
        var accounts = services.GetRequiredService<IClusterClient>().GetGrain<IAccountsGrain>(0);
        var user = await accounts.SignInAsync(new ExternalSignIn(provider, subject, email, name, settings.IsConfiguredAdmin(provider, subject, email, verified)));
        LogSignedIn(logger, user.Id, provider);
        context.Principal = UserClaims.Create(user, CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed in with {Provider}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in with {Provider} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string provider, string reason);
}
