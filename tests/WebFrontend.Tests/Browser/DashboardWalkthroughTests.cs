using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gsp.Tests.GameServers;
using Microsoft.Playwright;

namespace Gsp.WebFrontend.Tests.Browser;

/// <summary>
/// An owner's whole day in headless Chromium against the real dashboard, cluster and Docker engine, with
/// screenshots of the main pages kept as test artifacts; and a second user who cannot reach the first
/// user's server by page, form or API.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class DashboardWalkthroughTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    [Fact]
    public async Task Owner_signs_in_adds_credits_creates_wakes_watches_hibernates_deletes_and_signs_out()
    {
        var page = await site.SignInAsync("alice@example.com");
        await Browser.ScreenshotAsync(page, "01-servers-empty");

        // Add credits: the balance and the ledger show them.
        await page.GotoAsync("/billing");
        await page.FillAsync("#amount", "25");
        await page.ClickAsync("#add-credits");
        await site.WaitForTextAsync(page, "#balance", "25.00");
        await Browser.ScreenshotAsync(page, "02-billing");

        // A bad amount is explained in plain words, and nothing is credited.
        await page.FillAsync("#amount", "12.345");
        await page.ClickAsync("#add-credits");
        await Assertions.Expect(page.Locator("#deposit-error")).ToContainTextAsync("two decimals");
        await site.WaitForTextAsync(page, "#balance", "25.00");

        // Create a demo server: the form shows the price; the server starts asleep.
        await page.GotoAsync("/servers/new?game=demo");
        await Assertions.Expect(page.Locator("#price")).ToContainTextAsync("0.50 credits per hour");
        await page.FillAsync("#name", "Alice's world");
        await page.UncheckAsync("#auto-sleep");
        await page.ClickAsync("#create");
        await page.WaitForURLAsync(new Regex("/servers/[A-Za-z0-9_-]+\\.[a-z0-9]+$"));
        var serverId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await site.WaitForTextAsync(page, "#state", "sleeping");
        await Browser.ScreenshotAsync(page, "03-server-asleep");

        // Wake it: the state follows without a reload, log lines stream in, the chart draws.
        await page.ClickAsync("#wake");
        await site.WaitForTextAsync(page, "#state", "running");
        await Assertions.Expect(page.Locator("#logs")).Not.ToBeEmptyAsync(new LocatorAssertionsToBeEmptyOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#cpu-chart polyline")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#memory-chart polyline")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Browser.ScreenshotAsync(page, "04-server-running");

        await page.GotoAsync("/servers");
        await Assertions.Expect(page.Locator($"tr[data-server='{serverId}'] .badge")).ToHaveTextAsync("running");
        await Assertions.Expect(page.Locator($"tr[data-server='{serverId}'] .address")).ToHaveTextAsync(new Regex("^127\\.0\\.0\\.1:\\d+$"));
        await Browser.ScreenshotAsync(page, "05-servers");

        // Hibernate, back up (the list shows the new backup when it is done), then delete, and sign out.
        await page.GotoAsync($"/servers/{serverId}");
        await page.ClickAsync("#hibernate");
        await site.WaitForTextAsync(page, "#state", "sleeping");
        await page.ClickAsync("#backup");
        await Assertions.Expect(page.Locator("#backups tbody tr")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await site.WaitForTextAsync(page, "#state", "sleeping");
        await Assertions.Expect(page.Locator("#detail")).ToContainTextAsync("taken");
        await Browser.ScreenshotAsync(page, "06-server-backed-up");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#backups tbody tr a"));
        Assert.EndsWith(".tar.gz", download.SuggestedFilename);
        await page.ClickAsync("#delete");
        await page.WaitForURLAsync("**/servers");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("is being deleted");
        var gone = await page.GotoAsync($"/servers/{serverId}");
        Assert.Equal(404, await EventuallyStatusAsync(page, $"/servers/{serverId}", 404, gone!.Status));

        await page.GotoAsync("/billing");
        await Assertions.Expect(page.Locator("#ledger")).ToContainTextAsync("Deposit");
        await page.ClickAsync("#logout");
        await page.WaitForURLAsync(BaseUrlRoot());
        var after = await page.GotoAsync("/servers");
        Assert.EndsWith("/login?ReturnUrl=%2Fservers", after!.Url);
    }

    [Fact]
    public async Task A_second_user_cannot_reach_the_first_users_server_by_page_form_or_api()
    {
        var alice = await site.SignInAsync("alice.owner@example.com");
        var aliceToken = await CreateTokenAsync(alice, "alice-script");
        var aliceServer = await CreateServerWithCreditsAsync(alice);

        var bob = await site.SignInAsync("bob@example.com");
        var bobToken = await CreateTokenAsync(bob, "bob-script");

        // Page: 404, not a hint that the server exists.
        Assert.Equal(404, (await bob.GotoAsync($"/servers/{aliceServer}"))!.Status);
        Assert.Equal(404, (await bob.GotoAsync($"/servers/{aliceServer}/live/status"))!.Status);
        Assert.Equal(404, (await bob.GotoAsync($"/servers/{aliceServer}/live/logs"))!.Status);
        await bob.GotoAsync("/servers");
        await Assertions.Expect(bob.Locator($"tr[data-server='{aliceServer}']")).ToHaveCountAsync(0);

        // Form: Bob's own valid anti-forgery token, aimed at Alice's server.
        await bob.GotoAsync("/billing");
        var forged = bob.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.Contains(aliceServer));
        await bob.EvaluateAsync("id => { const f = document.querySelector('form.deposit'); f.action = '/servers/' + id + '?handler=Delete'; f.submit(); }", aliceServer);
        Assert.Equal(404, (await forged).Status);

        // API: Bob's token gets 404 for everything of Alice's; Alice's own token works.
        using var http = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/servers/{aliceServer}", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Post, $"/api/v1/servers/{aliceServer}/wake", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Delete, $"/api/v1/servers/{aliceServer}", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/servers/{aliceServer}/logs", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/servers/{aliceServer}/backups", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Post, $"/api/v1/servers/{aliceServer}/backups", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Get, $"/api/v1/servers/{aliceServer}/backups/b-1", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Post, $"/api/v1/servers/{aliceServer}/backups/b-1/restore?confirm=true", bobToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, HttpMethod.Delete, $"/api/v1/servers/{aliceServer}/backups/b-1", bobToken)).StatusCode);

        // The live endpoints over plain HTTP with Bob's session cookie, not only through his browser's pages.
        var bobCookies = string.Join("; ", (await bob.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        foreach (var live in new[] { "live/status", "live/stats", "live/logs", "backups/b-1/download" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/servers/{aliceServer}/{live}");
            request.Headers.Add("Cookie", bobCookies);
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
        }
        Assert.DoesNotContain(aliceServer, await (await SendAsync(http, HttpMethod.Get, "/api/v1/servers", bobToken)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "/api/v1/servers", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, "/api/v1/servers", "gsp_forged")).StatusCode);

        var own = await SendAsync(http, HttpMethod.Get, $"/api/v1/servers/{aliceServer}", aliceToken);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("sleeping", await own.Content.ReadAsStringAsync());

        // Admin pages and the Orleans dashboard are for admins only.
        Assert.Equal(403, (await bob.GotoAsync("/admin/users"))!.Status);
        Assert.Equal(403, (await bob.GotoAsync("/admin/orleans"))!.Status);
        var admin = await site.SignInAsync("admin@example.com");
        Assert.Equal(200, (await admin.GotoAsync("/admin/orleans"))!.Status);
        await admin.GotoAsync("/admin/users");
        await Assertions.Expect(admin.Locator("table.users")).ToContainTextAsync("bob@example.com");
        await Browser.ScreenshotAsync(admin, "08-admin-users");
        await admin.GotoAsync("/admin/catalog");
        await Browser.ScreenshotAsync(admin, "09-admin-catalog");

        // Still there for Alice after all of Bob's attempts.
        await alice.GotoAsync($"/servers/{aliceServer}");
        await site.WaitForTextAsync(alice, "#state", "sleeping");
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/servers/{id}/wake", openApi);
    }

    private string BaseUrlRoot() => site.BaseUrl + "/";

    private static async Task<int> EventuallyStatusAsync(IPage page, string path, int expected, int current)
    {
        var deadline = DateTime.UtcNow + GameServerCluster.Patience;
        while (current != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            current = (await page.GotoAsync(path))!.Status;
        }

        return current;
    }

    private static async Task<string> CreateTokenAsync(IPage page, string name)
    {
        await page.GotoAsync("/account");
        await page.FillAsync("#token-name", name);
        await page.ClickAsync("#create-token");
        var token = await page.Locator("#new-token").InnerTextAsync();
        Assert.StartsWith("gsp_", token);
        return token;
    }

    private async Task<string> CreateServerWithCreditsAsync(IPage page)
    {
        await page.GotoAsync("/billing");
        await page.FillAsync("#amount", "5");
        await page.ClickAsync("#add-credits");
        await page.GotoAsync("/servers/new?game=demo");
        await page.FillAsync("#name", "private world");
        await page.ClickAsync("#create");
        await page.WaitForURLAsync(new Regex("/servers/[A-Za-z0-9_-]+\\.[a-z0-9]+$"));
        await site.WaitForTextAsync(page, "#state", "sleeping");
        return page.Url[(page.Url.LastIndexOf('/') + 1)..];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }
}
