using Gsp.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Gsp.WebFrontend.Tests.Browser;

/// <summary>
/// Admin emails count only when the provider asserts them verified: through the real oidc-provider, a
/// token without <c>email_verified</c> whose email is on the admin list gets no admin pages.
/// </summary>
[Trait("Category", "Browser")]
public sealed class OpenIdConnectAdminTests : IAsyncLifetime
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
