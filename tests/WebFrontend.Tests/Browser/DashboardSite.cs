using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;
using Microsoft.Playwright;

namespace Gsp.WebFrontend.Tests.Browser;

/// <summary>
/// A cluster on the real engine, the real dashboard process with the development login on, and a
/// headless Chromium: what an owner sees, end to end. Extra dashboard settings come from the test.
/// </summary>
public sealed class DashboardSite : IAsyncLifetime
{
    /// <summary>Dashboard settings beside the fixture's own (environment variable names).</summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; init; } = new Dictionary<string, string>();

    public GameServerCluster Cluster { get; } = new();

    public DashboardProcess Dashboard { get; private set; } = null!;

    public Browser Browser { get; private set; } = null!;

    public int Port { get; init; } = FreePort.Next();

    /// <summary>Browsers treat localhost as a secure origin, so the secure-only session cookie works over http here.</summary>
    public string BaseUrl => $"http://localhost:{Port}";

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["Gsp__Auth__DevelopmentLogin"] = "true",
            ["Gsp__Auth__AdminEmails__0"] = "admin@example.com",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        Dashboard = await Cluster.StartDashboardAsync(Port, settings);
        Browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Dashboard.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Signs a new browser profile in with the development login.</summary>
    public async Task<IPage> SignInAsync(string email)
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await page.GotoAsync("/login");
        await page.FillAsync("#dev-email", email);
        await page.ClickAsync("#dev-login");
        await page.WaitForURLAsync("**/servers");
        return page;
    }

    /// <summary>Waits until an element's text is the expected one (live updates arrive by polling).</summary>
    public async Task WaitForTextAsync(IPage page, string selector, string text)
    {
        try
        {
            await Assertions.Expect(page.Locator(selector)).ToHaveTextAsync(text, new LocatorAssertionsToHaveTextOptions { Timeout = (float)GameServerCluster.Patience.TotalMilliseconds });
        }
        catch (PlaywrightException ex)
        {
            var detail = await page.Locator("#detail").CountAsync() > 0 ? await page.Locator("#detail").InnerTextAsync() : "";
            throw new Xunit.Sdk.XunitException($"{selector} never showed '{text}' (detail: '{detail}'): {ex.Message}\ndashboard output:\n{Dashboard.Output[^Math.Min(Dashboard.Output.Length, 4000)..]}");
        }
    }
}
