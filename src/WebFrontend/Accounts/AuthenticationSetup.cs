using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gsp.WebFrontend.Accounts;

/// <summary>A way to sign in, as the login page offers it.</summary>
public sealed record LoginProvider(string Scheme, string DisplayName);

/// <summary>The sign-in choices configured, in the order the login page shows them.</summary>
public sealed record LoginProviders(IReadOnlyList<LoginProvider> External, bool DevelopmentLogin);

public static partial class AuthenticationSetup
{
    public const string AdminPolicy = "admin";
    public const string ApiPolicy = "api";
    public const string ApiAdminPolicy = "api-admin";

    /// <summary>
    /// Session cookies for pages (HTTP-only, secure, SameSite=Lax), external sign-in by configuration,
    /// personal API tokens for <c>/api/v1</c>, and authorization: every page needs a signed-in user unless
    /// it says otherwise, admin pages need the admin role.
    /// </summary>
    public static WebApplicationBuilder AddGspAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthSettings.SectionName).Get<AuthSettings>() ?? new AuthSettings();
        var external = new List<LoginProvider>();
        builder.Services.AddSingleton(settings);
        builder.AddSharedKeyRing();

        var auth = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "gsp.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = settings.CookieSecurePolicy;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        if (settings.Google.Enabled)
        {
            auth.AddGoogle("google", "Google", o =>
            {
                o.ClientId = settings.Google.ClientId;
                o.ClientSecret = settings.Google.ClientSecret;
                o.CorrelationCookie.SecurePolicy = settings.CookieSecurePolicy;

                // Google's user info says whether it verified the address; admin emails need that.
                o.ClaimActions.MapJsonKey("email_verified", "email_verified");
                o.Events.OnTicketReceived = context => ExternalSignInMapper.OnTicketReceivedAsync(context, "google");
            });
            external.Add(new LoginProvider("google", "Google"));
        }

        if (settings.Microsoft.Enabled)
        {
            var tenant = settings.Microsoft.Tenant;
            AddOpenId(auth, settings, "microsoft", new OpenIdProvider
            {
                DisplayName = "Microsoft",
                Authority = $"https://login.microsoftonline.com/{tenant}/v2.0",
                ClientId = settings.Microsoft.ClientId,
                ClientSecret = settings.Microsoft.ClientSecret,
            }, multiTenant: tenant is "common" or "organizations" or "consumers");
            external.Add(new LoginProvider("microsoft", "Microsoft"));
        }

        foreach (var (name, provider) in settings.OpenIdConnect)
        {
            if (!ProviderName().IsMatch(name) || provider.Authority.Length == 0 || !provider.Enabled)
            {
                throw new InvalidOperationException(
                    $"Gsp:Auth:OpenIdConnect:{name}: a provider needs a name of lower-case letters, digits and dashes, an Authority and a ClientId");
            }

            var scheme = "oidc-" + name;
            AddOpenId(auth, settings, scheme, provider, multiTenant: false);
            external.Add(new LoginProvider(scheme, provider.DisplayName.Length > 0 ? provider.DisplayName : name));
        }

        builder.Services.AddSingleton(new LoginProviders(external, settings.DevelopmentLogin));
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(UserClaims.AdminRole))
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiAdminPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireRole(UserClaims.AdminRole));
        return builder;
    }

    /// <summary>
    /// Cookies and antiforgery tokens are protected with keys every dashboard shares (PostgreSQL), under
    /// one application name, so they survive restarts and any dashboard reads another's.
    /// </summary>
    private static void AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Gsp");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        builder.Services.AddDataProtection().SetApplicationName("gsp-dashboard");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new PostgresKeyRing(connectionString, services.GetRequiredService<ILogger<PostgresKeyRing>>())));
    }

    private static void AddOpenId(AuthenticationBuilder auth, AuthSettings settings, string scheme, OpenIdProvider provider, bool multiTenant)
    {
        auth.AddOpenIdConnect(scheme, provider.DisplayName, o =>
        {
            o.Authority = provider.Authority;
            o.ClientId = provider.ClientId;
            o.ClientSecret = provider.ClientSecret;
            o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            o.CallbackPath = "/signin-" + scheme;
            o.SignedOutCallbackPath = "/signout-callback-" + scheme;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");

            // Providers answer email_verified from their user info endpoint in the code flow; admin emails need it.
            o.ClaimActions.MapUniqueJsonKey("email_verified", "email_verified");
            o.CorrelationCookie.SecurePolicy = settings.CookieSecurePolicy;
            o.NonceCookie.SecurePolicy = settings.CookieSecurePolicy;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;

            // The multi-tenant Microsoft endpoints issue tokens from each user's own tenant.
            o.TokenValidationParameters.ValidateIssuer = !multiTenant;
            o.Events.OnTicketReceived = context => ExternalSignInMapper.OnTicketReceivedAsync(context, scheme);
        });
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,30}$")]
    private static partial Regex ProviderName();
}
