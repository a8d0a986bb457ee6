using System.Text.Encodings.Web;
using Gsp.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gsp.WebFrontend.Accounts;

/// <summary>
/// Authenticates API calls by a personal token (<c>Authorization: Bearer gsp_…</c>) that the user made on
/// their account page. Only the API uses this scheme; the session cookie does not reach the API.
/// </summary>
public sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    IClusterClient client) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var user = await client.GetGrain<IAccountsGrain>(0).AuthenticateTokenAsync(header["Bearer ".Length..].Trim());
        if (user is null)
        {
            LogRejected(Logger, Request.Path);
            return AuthenticateResult.Fail("the API token is not valid");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(UserClaims.Create(user, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(new { error = "send a personal API token: Authorization: Bearer gsp_… (create one on your account page)" });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API call to {Path} with an unknown or revoked token")]
    private static partial void LogRejected(ILogger logger, PathString path);
}
