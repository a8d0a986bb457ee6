using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;

namespace Gsp.WebFrontend.Tests.Hosts;

/// <summary>
/// A host that runs as many games as its memory allows, on real Docker with the real dashboard's webhook: the
/// host declares 64 MB, the demo game's minimum, so two sleeping servers fit by their ports and one game runs
/// at a time. The sidecars reach the webhook as under <c>deploy/gsp up</c>: through the dashboard's port that
/// serves the wake webhook and nothing else.
/// </summary>
[Trait("Category", "Docker")]
public sealed class HostAdmissionTests : IAsyncLifetime
{
    private readonly int webPort = FreePort.Next();
    private readonly int webhookPort = FreePort.Next();
    private readonly GameServerCluster fixture;
    private DashboardProcess dashboard = null!;

    public HostAdmissionTests()
    {
        fixture = new GameServerCluster
        {
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:Wake:WebhookUrl"] = $"http://host.docker.internal:{webhookPort}/api/webhook/wake",
                ["Gsp:Host:MemoryMb"] = "64",
                ["Gsp:Host:MemoryOvercommit"] = "1",
            },
        };
    }

    public async Task InitializeAsync()
    {
        await fixture.InitializeAsync();
        dashboard = await fixture.StartDashboardAsync(webPort, webhookPort: webhookPort);
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task A_host_at_its_running_capacity_refuses_a_wake_as_busy_to_owner_and_player_and_admits_it_once_another_game_sleeps()
    {
        var plain = await fixture.AddDemoVariantAsync("demo-plain", demo => demo with { QueryProtocol = GameProtocol.None });
        var first = await fixture.CreateDemoAsync(gameId: plain);
        var second = await fixture.CreateDemoAsync(gameId: plain);
        Assert.True((await first.WakeAsync()).Succeeded);
        await GameServerCluster.WaitForAsync(first, GameServerStatus.Running);

        // The owner is told why.
        var refused = await second.WakeAsync();
        Assert.Equal(GameServerError.NoCapacity, refused.Error);
        Assert.Equal(HostDirectoryGrain.HostBusyMessage, refused.Message);

        // A player is released at once, not held until the hold time runs out, and nothing starts.
        var info = (await second.GetInfoAsync())!;
        await using (var player = await TcpProbe.ConnectAsync(info.PublicPort))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal("", await player.EchoAsync("let me in", GameServerCluster.Patience));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the player was released after {clock.Elapsed.TotalMilliseconds:0} ms");
        }

        Assert.Equal(GameServerStatus.Sleeping, (await second.GetInfoAsync())!.Status);
        var directory = fixture.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        var host = (await directory.ListHostsAsync()).Single(h => h.Name == fixture.HostName);
        Assert.Equal([first.GetPrimaryKeyString()], host.RunningServers);
        Assert.True(host.BusyRefusals >= 2, $"{host.BusyRefusals} busy refusals counted");

        // Once the first game sleeps, its room goes to the second.
        Assert.True((await first.HibernateAsync()).Succeeded);
        await GameServerCluster.WaitForAsync(first, GameServerStatus.Sleeping);
        var admitted = await second.WakeAsync();
        Assert.True(admitted.Succeeded, admitted.Message);
        var running = await GameServerCluster.WaitForAsync(second, GameServerStatus.Running);
        await using var again = await TcpProbe.ConnectAsync(running.PublicPort);
        Assert.Equal("after", await again.EchoAsync("after", GameServerCluster.Patience));
        host = (await directory.ListHostsAsync()).Single(h => h.Name == fixture.HostName);
        Assert.Equal([second.GetPrimaryKeyString()], host.RunningServers);
    }

    [Fact]
    public async Task The_webhook_port_answers_the_wake_webhook_and_nothing_else()
    {
        using var http = new HttpClient();
        var hook = $"http://127.0.0.1:{webhookPort}";

        foreach (var path in new[] { "/", "/login", "/healthz", "/servers", "/api/v1/servers", "/admin/orleans", "/openapi/v1.json" })
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(hook + path)).StatusCode);
        }

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync(hook + "/api/v1/servers", new StringContent("{}"))).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Post, hook + "/api/webhook/wake")
        {
            Content = new StringContent("""{"serverId":"nobody.0000000000"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        forged.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "forged");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"{dashboard.BaseUrl}/healthz")).StatusCode);
    }
}
