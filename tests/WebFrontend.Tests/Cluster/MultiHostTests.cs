using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gsp.Accounts;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Placement;
using Gsp.Tests.Cluster;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;

namespace Gsp.WebFrontend.Tests.Cluster;

/// <summary>
/// Three production silos on two Docker engines with PostgreSQL and the real dashboard: host-a and host-c
/// share the first engine (each with its own name and port range), host-b has the second to itself.
/// Each host declares two public ports, room for two sleeping servers, and 128 MB: room for two demo
/// games (64 MB each) running at once.
/// </summary>
[Trait("Category", "Docker")]
public sealed class MultiHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = MultiHostCluster.Patience;

    private string? adminToken;

    private readonly MultiHostCluster cluster = new()
    {
        PortsPerHost = 2,
        Hosts =
        [
            ("host-a", MultiHostCluster.FirstEngine, 128),
            ("host-b", SecondEngineOrEmpty(), 128),
            ("host-c", MultiHostCluster.FirstEngine, 128),
        ],
    };

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Servers_fill_both_engines_by_capacity_and_a_lost_host_shows_offline_then_returns_with_its_games_untouched()
    {
        var servers = new List<GameServerInfo>();
        for (var i = 0; i < 6; i++)
        {
            servers.Add(await cluster.CreateDemoAsync($"server {i}"));
        }

        // Six servers on three hosts of two ports each: two on each, and no room for a seventh.
        Assert.All(servers.GroupBy(s => s.HostName), g => Assert.Equal(2, g.Count()));
        Assert.Equal(["host-a", "host-b", "host-c"], servers.Select(s => s.HostName).Distinct().Order());
        var full = await cluster.Grains.CreateAsync(new CreateGameServer(GameServerCluster.Owner, "one too many", "demo", new Dictionary<string, string>()));
        Assert.Equal(GameServerError.NoCapacity, full.Error);
        foreach (var server in servers)
        {
            using var engine = cluster.Engine(server.HostName);
            Assert.NotNull(await engine.InspectContainerAsync(new ServerResources(server.Id).ProxyContainer, CancellationToken.None));
        }

        var onA = servers.Where(s => s.HostName == "host-a").ToList();
        var onB = servers.First(s => s.HostName == "host-b");
        var onC = servers.First(s => s.HostName == "host-c");
        var runningA = await cluster.WakeAsync(onA[0].Id);
        var runningB = await cluster.WakeAsync(onB.Id);
        await using var playerA = await TcpProbe.ConnectAsync(runningA.PublicPort);
        await using var playerB = await TcpProbe.ConnectAsync(runningB.PublicPort);
        Assert.Equal("a before", await playerA.EchoAsync("a before", Patience));
        Assert.Equal("b before", await playerB.EchoAsync("b before", Patience));
        var gameA = new ServerResources(runningA.Id).GameContainer;
        using var engineA = cluster.Engine("host-a");
        var startedA = (await engineA.InspectContainerAsync(gameA, CancellationToken.None))!.StartedAt;

        await cluster.Silo("host-a").KillAsync();

        // The lost host's servers are listed as offline, from the directory, by the dashboard too.
        await Eventually.ValueAsync(() => LocationOnceReachableAsync(runningA.Id), l => l is { HostOnline: false }, Patience);
        Assert.False(await HostOnlineOfServerAsync(onA[1].Id));
        Assert.True(await HostOnlineOfServerAsync(onB.Id));
        await Assert.ThrowsAsync<HostOfflineException>(() => cluster.Grains.GetGrain<IGameServerGrain>(onA[1].Id).GetInfoAsync());
        var (status, body) = await WakeThroughWebhookAsync(onA[1].Id);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("offline", body);

        // The other hosts, on both engines, keep working.
        Assert.Equal(GameServerStatus.Running, (await cluster.Grains.GetGrain<IGameServerGrain>(onB.Id).GetInfoAsync())!.Status);
        Assert.Equal("b during", await playerB.EchoAsync("b during", Patience));
        var runningC = await cluster.WakeAsync(onC.Id);
        await using (var playerC = await TcpProbe.ConnectAsync(runningC.PublicPort))
        {
            Assert.Equal("c during", await playerC.EchoAsync("c during", Patience));
        }

        // The lost host's game keeps running, and its player keeps playing through the sidecar.
        Assert.Equal("a during", await playerA.EchoAsync("a during", Patience));

        await cluster.Silo("host-a").RestartAsync();
        await cluster.WaitOnlineAsync("host-a");

        var after = await Eventually.ValueAsync(() => InfoOnceReachableAsync(runningA.Id), i => i is not null, Patience);
        Assert.Equal(GameServerStatus.Running, after!.Status);
        Assert.Equal(GameServerStatus.Sleeping, (await cluster.Grains.GetGrain<IGameServerGrain>(onA[1].Id).GetInfoAsync())!.Status);
        Assert.Equal(startedA, (await engineA.InspectContainerAsync(gameA, CancellationToken.None))!.StartedAt);
        Assert.Equal("a after", await playerA.EchoAsync("a after", Patience));
        Assert.True(await Eventually.ValueAsync(() => HostOnlineOfServerAsync(onA[1].Id), online => online == true, Patience));
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_stops_no_game_and_keeps_players_connected()
    {
        var running = new List<GameServerInfo>();
        for (var i = 0; i < 3; i++)
        {
            var created = await cluster.CreateDemoAsync($"server {i}");
            running.Add(await cluster.WakeAsync(created.Id));
        }

        Assert.Equal(3, running.Select(s => s.HostName).Distinct().Count());
        var players = new List<TcpProbe>();
        try
        {
            foreach (var server in running)
            {
                var player = await TcpProbe.ConnectAsync(server.PublicPort);
                players.Add(player);
                Assert.Equal("hello", await player.EchoAsync("hello", Patience));
            }

            var started = new Dictionary<string, DateTimeOffset?>();
            foreach (var server in running)
            {
                using var engine = cluster.Engine(server.HostName);
                started[server.Id] = (await engine.InspectContainerAsync(new ServerResources(server.Id).GameContainer, CancellationToken.None))!.StartedAt;
            }

            // One host after the other: an orderly stop, a start, and back online before the next.
            foreach (var host in cluster.Hosts.Select(h => h.Name))
            {
                await cluster.Silo(host).StopAsync();
                for (var i = 0; i < players.Count; i++)
                {
                    Assert.Equal($"while {host} restarts", await players[i].EchoAsync($"while {host} restarts", Patience));
                }

                await cluster.Silo(host).RestartAsync();
                await cluster.WaitOnlineAsync(host);
            }

            foreach (var server in running)
            {
                var info = await Eventually.ValueAsync(() => InfoOnceReachableAsync(server.Id), i => i is not null, Patience);
                Assert.Equal(GameServerStatus.Running, info!.Status);
                using var engine = cluster.Engine(server.HostName);
                Assert.Equal(started[server.Id], (await engine.InspectContainerAsync(new ServerResources(server.Id).GameContainer, CancellationToken.None))!.StartedAt);
            }

            foreach (var player in players)
            {
                Assert.Equal("after", await player.EchoAsync("after", Patience));
            }
        }
        finally
        {
            foreach (var player in players)
            {
                await player.DisposeAsync();
            }
        }
    }

    /// <summary>Lets the fixture fail with its clear message, not a type initializer's.</summary>
    private static string SecondEngineOrEmpty() =>
        Environment.GetEnvironmentVariable(MultiHostCluster.SecondEngineVariable) ?? "";

    /// <summary>
    /// The server's info, or null while the silo that places the call has not yet seen its host's silo
    /// come back (each silo's view of the membership catches up within seconds), or while the client's
    /// gateway is a silo that just stopped.
    /// </summary>
    /// <summary>The server's location from the directory, or null while the test's client is still switching away
    /// from the gateway of a silo that was just killed.</summary>
    private async Task<ServerLocation?> LocationOnceReachableAsync(string serverId)
    {
        try
        {
            return await cluster.Directory.FindServerAsync(serverId);
        }
        catch (Exception)
        {
            // Any failure to reach the cluster while the client leaves the dead gateway is "not yet".
            return null;
        }
    }

    private async Task<GameServerInfo?> InfoOnceReachableAsync(string serverId)
    {
        try
        {
            return await cluster.Grains.GetGrain<IGameServerGrain>(serverId).GetInfoAsync();
        }
        catch (Exception ex) when (ex is HostOfflineException or OrleansException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Whether the dashboard's admin API lists the server's host as online (null: not listed).</summary>
    private async Task<bool?> HostOnlineOfServerAsync(string serverId)
    {
        using var hosts = JsonDocument.Parse(await GetAsync("/api/v1/admin/hosts"));
        foreach (var host in hosts.RootElement.EnumerateArray())
        {
            if (host.GetProperty("servers").EnumerateArray().Any(s => s.GetProperty("serverId").GetString() == serverId))
            {
                return host.GetProperty("online").GetBoolean();
            }
        }

        return null;
    }

    /// <summary>A personal API token of an admin, made through the accounts grain as a sign-in would.</summary>
    private async Task<string> AdminTokenAsync()
    {
        if (adminToken is null)
        {
            var accounts = cluster.Grains.GetGrain<IAccountsGrain>(0);
            var admin = await accounts.SignInAsync(new ExternalSignIn("test", "multi-host-admin", "admin@example.com", "Admin", ConfiguredAdmin: true));
            adminToken = (await accounts.CreateTokenAsync(admin.Id, "multi-host"))!.Secret;
        }

        return adminToken;
    }

    private async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var token = await AdminTokenAsync();

        // Right after a silo is killed the dashboard's own client may still be leaving its gateway, or the
        // directory re-activating elsewhere: its "temporarily unavailable" (503) is asked again.
        var (status, body) = await Eventually.ValueAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, cluster.Dashboard.BaseUrl + path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            },
            answer => answer.StatusCode != HttpStatusCode.ServiceUnavailable,
            Patience);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status}\n{body}");
        return body;
    }

    private async Task<(HttpStatusCode Status, string Body)> WakeThroughWebhookAsync(string serverId)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, cluster.Dashboard.BaseUrl + "/api/webhook/wake")
        {
            Content = new StringContent($"{{\"serverId\":\"{serverId}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WakeTokens.Derive(GspTestCluster.WakeSecret, serverId));
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
