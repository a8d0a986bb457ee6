using Gsp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Gsp.WebFrontend.Tests.Browser;

/// <summary>
/// Sign-in end to end against a real OpenID Connect provider run locally (the npm package oidc-provider):
/// the browser goes to the provider, signs in and consents, comes back signed in as that person; the
/// development login is off here, as in production. Admin emails count only when the provider asserts them
/// verified: a token without <c>email_verified</c> (logins starting "unverified") gets no admin pages.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OpenIdConnectLoginTests : IAsyncLifetime
{
    private readonly int webPort = FreePort.Next();
    private OidcProviderProcess provider = null!;
    private DashboardSite site = null!;

    public async Task InitializeAsync()
    {
        provider = await OidcProviderProcess.StartAsync($"http://localhost:{webPort}/signin-oidc-local");
        site = new DashboardSite
        {
            Port = webPort,
            ExtraSettings = new Dictionary<string, string>
            {
                ["Gsp__Auth__DevelopmentLogin"] = "false",
                ["Gsp__Auth__AdminEmails__0"] = "unverified-admin@oidc.example",
                ["Gsp__Auth__AdminEmails__1"] = "verified-admin@oidc.example",
                ["Gsp__Auth__OpenIdConnect__local__DisplayName"] = "Local IdP",
                ["Gsp__Auth__OpenIdConnect__local__Authority"] = provider.Issuer,
                ["Gsp__Auth__OpenIdConnect__local__ClientId"] = OidcProviderProcess.ClientId,
                ["Gsp__Auth__OpenIdConnect__local__ClientSecret"] = OidcProviderProcess.ClientSecret,
                ["Gsp__Auth__OpenIdConnect__local__RequireHttpsMetadata"] = "false",
            },
        };
        await site.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await site.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_through_a_real_OpenID_Connect_provider_makes_that_person_the_user()
    {
        var page = await site.Browser.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/login");
        await Assertions.Expect(page.Locator("#dev-login")).ToHaveCountAsync(0);
        await page.ClickAsync("#login-oidc-local");

        // The provider's own pages: sign in (any password in its development mode), then consent.
        await page.WaitForURLAsync(provider.Issuer + "/**");
        await page.FillAsync("input[name=login]", "carol");
        await page.FillAsync("input[name=password]", "any password");
        await Browser.ScreenshotAsync(page, "10-oidc-provider-login");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("/interaction/") || u.StartsWith(site.BaseUrl, StringComparison.Ordinal));
        if (page.Url.Contains("/interaction/"))
        {
            await page.ClickAsync("button[type=submit]");
        }

        await page.WaitForURLAsync(site.BaseUrl + "/servers", new PageWaitForURLOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".who")).ToHaveTextAsync("carol (OIDC)");
        await page.GotoAsync("/account");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("carol@oidc.example");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync("oidc-local");
        await Browser.ScreenshotAsync(page, "11-account-after-oidc");

        // The session cookie is HTTP-only and secure.
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "gsp.session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
    }

    [Fact]
    public async Task Admin_email_without_email_verified_gets_no_admin_pages()
    {
        var unverified = await SignInAsync("unverified-admin");
        var verified = await SignInAsync("verified-admin");

        var refused = await unverified.GotoAsync("/admin/users");
        var allowed = await verified.GotoAsync("/admin/users");

        Assert.Equal(403, refused!.Status);
        Assert.Equal(200, allowed!.Status);
    }

    private async Task<IPage> SignInAsync(string login)
    {
        var page = await site.Browser.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/login");
        await page.ClickAsync("#login-oidc-local");
        await page.WaitForURLAsync(provider.Issuer + "/**");
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("/interaction/") || u.StartsWith(site.BaseUrl, StringComparison.Ordinal));
        if (page.Url.Contains("/interaction/"))
        {
            await page.ClickAsync("button[type=submit]");
        }

        await page.WaitForURLAsync(site.BaseUrl + "/servers", new PageWaitForURLOptions { Timeout = 30_000 });
        return page;
    }
}
