using System.Net;
using Gsp.Tests.Infrastructure;

namespace Gsp.WebFrontend.Tests.Security;

/// <summary>
/// The dashboard's sign-in rules on real dashboard processes and a real PostgreSQL: the development login
/// from this machine only, no admin for being first, the one-time bootstrap link, and sessions that
/// survive restarts and work on every dashboard (one key ring in PostgreSQL).
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class DashboardSecurityTests(DashboardPair fixture) : IClassFixture<DashboardPair>
{
    [Fact]
    public async Task Development_login_posted_from_a_non_loopback_address_is_refused()
    {
        using var dummy = DummyAddress.Create();
        var port = FreePort.Next();
        var dashboard = await fixture.StartDashboardAsync(port, $"http://127.0.0.1:{port};http://{dummy.Address}:{port}");
        var outside = $"http://{dummy.Address}:{port}";
        using var client = new DashboardClient();

        var form = await client.GetAsync(outside + "/login");
        var refused = await client.DevelopmentLoginAsync(dashboard.BaseUrl, outside, "outsider@example.com");
        var local = await client.DevelopmentLoginAsync(dashboard.BaseUrl, dashboard.BaseUrl, "insider@example.com");

        Assert.DoesNotContain("dev-login", form.Body);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.Redirect, local.Status);
        Assert.Equal("/servers", local.Location);
        await fixture.StopAsync(dashboard);
    }

    [Fact]
    public async Task First_user_is_no_admin_and_the_bootstrap_link_makes_one_admin_once()
    {
        var dashboard = await fixture.StartDashboardAsync(FreePort.Next());
        using var first = new DashboardClient();
        using var second = new DashboardClient();
        await first.DevelopmentLoginAsync(dashboard.BaseUrl, dashboard.BaseUrl, "first-" + Guid.NewGuid().ToString("N")[..6] + "@example.com");
        await second.DevelopmentLoginAsync(dashboard.BaseUrl, dashboard.BaseUrl, "second-" + Guid.NewGuid().ToString("N")[..6] + "@example.com");
        var bootstrapUrl = $"{dashboard.BaseUrl}/login/bootstrap?token={DashboardPair.BootstrapToken}";

        var before = await first.GetAsync(dashboard.BaseUrl + "/admin/users");
        var wrongToken = await first.GetAsync($"{dashboard.BaseUrl}/login/bootstrap?token=guess-{DashboardPair.BootstrapToken}");
        var confirm = await first.GetAsync(bootstrapUrl);
        var claimed = await first.PostFormAsync(bootstrapUrl, DashboardClient.FormToken(confirm.Body), ("token", DashboardPair.BootstrapToken));
        var after = await first.GetAsync(dashboard.BaseUrl + "/admin/users");
        var secondConfirm = await second.GetAsync(bootstrapUrl);
        var secondClaim = await second.PostFormAsync(bootstrapUrl, DashboardClient.FormToken(secondConfirm.Body), ("token", DashboardPair.BootstrapToken));
        var secondAfter = await second.GetAsync(dashboard.BaseUrl + "/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, before.Status);
        Assert.StartsWith("/denied", new Uri(new Uri(dashboard.BaseUrl), before.Location).PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.Status);
        Assert.Contains("You are an admin now.", claimed.Body);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Contains("was used already", secondClaim.Body);
        Assert.Equal(HttpStatusCode.Redirect, secondAfter.Status);
        await fixture.StopAsync(dashboard);
    }

    [Fact]
    public async Task Session_and_antiforgery_token_from_one_dashboard_work_on_a_second_and_after_a_restart()
    {
        var port = FreePort.Next();
        var first = await fixture.StartDashboardAsync(port);
        var second = await fixture.StartDashboardAsync(FreePort.Next());
        using var client = new DashboardClient();
        var signedIn = await client.DevelopmentLoginAsync(first.BaseUrl, first.BaseUrl, "roaming@example.com");
        Assert.True(client.Cookies.ContainsKey("gsp.session"), $"no session cookie: {signedIn.Status}");
        var accountOnFirst = await client.GetAsync(first.BaseUrl + "/account");

        var onSecond = await client.GetAsync(second.BaseUrl + "/account");
        var tokenMadeOnSecond = await client.PostFormAsync(second.BaseUrl + "/account?handler=Create", DashboardClient.FormToken(accountOnFirst.Body), ("name", "made-on-second"));
        await fixture.StopAsync(first);
        first = await fixture.StartDashboardAsync(port);
        var afterRestart = await client.GetAsync(first.BaseUrl + "/account");

        Assert.Equal(HttpStatusCode.OK, onSecond.Status);
        Assert.Contains("roaming@example.com", onSecond.Body);
        Assert.NotEqual(HttpStatusCode.BadRequest, tokenMadeOnSecond.Status);
        Assert.Equal(HttpStatusCode.OK, afterRestart.Status);
        Assert.Contains("made-on-second", afterRestart.Body);
        await fixture.StopAsync(first);
        await fixture.StopAsync(second);
    }
}
