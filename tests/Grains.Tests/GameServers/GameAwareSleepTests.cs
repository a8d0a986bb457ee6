using Gsp.Catalog;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Peers;

namespace Gsp.Tests.GameServers;

/// <summary>
/// Player counts read from the games themselves, on real Docker with the real sidecar and demo game images,
/// checked against real protocol peers (npm <c>minecraft-protocol</c> and <c>gamedig</c>).
/// </summary>
[Trait("Category", "Docker")]
public sealed class GameAwareSleepTests : IClassFixture<GameAwareSleepTests.Cluster>
{
    private static readonly TimeSpan PeerPatience = TimeSpan.FromSeconds(60);
    private readonly GameServerCluster fixture;

    public GameAwareSleepTests(Cluster cluster) => fixture = cluster.Servers;

    /// <summary>
    /// The shared cluster, querying players every second so counts show up quickly. Its idle window (8 s) is
    /// longer than the fixture's default so a freshly woken server cannot fall asleep before a node peer has
    /// started and logged in.
    /// </summary>
    public sealed class Cluster : IAsyncLifetime
    {
        public GameServerCluster Servers { get; } = new()
        {
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:GameServers:PlayerQueryPeriod"] = "00:00:01",
                ["Gsp:GameServers:IdleWindow"] = "00:00:08",
            },
        };

        public Task InitializeAsync() => Servers.InitializeAsync();

        public Task DisposeAsync() => Servers.DisposeAsync();
    }

    [Fact]
    public async Task Player_count_shown_by_the_grain_matches_the_minecraft_peers()
    {
        var server = await CreateRunningAsync(autoSleep: false);
        var info = (await server.GetInfoAsync())!;
        var port = info.PublicPort.ToString();

        await using var player = GameProtocolPeer.Start("mc-login", "127.0.0.1", port, "Alex");
        Assert.Equal("joined", (await player.NextAsync(PeerPatience)).GetProperty("event").GetString());
        await Eventually.ValueAsync(server.GetStatsAsync, s => s.Players is { Known: true, Online: 1 }, PeerPatience);
        // Read together until they agree: the demo game counts a connection from accept until its handshake shows
        // a status ping, so the sidecar's query and the peers' pings can briefly see each other.
        var (stats, status, gamedig) = await Eventually.ValueAsync(
            async () => (
                await server.GetStatsAsync(),
                await GameProtocolPeer.RunAsync(PeerPatience, "mc-status", "127.0.0.1", port),
                await GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "minecraft", "127.0.0.1", port)),
            v => v.Item2.GetProperty("players").GetProperty("online").GetInt32() == v.Item1.Players!.Online
                && v.Item3.GetProperty("numplayers").GetInt32() == v.Item1.Players.Online,
            PeerPatience);

        Assert.Equal(status.GetProperty("players").GetProperty("online").GetInt32(), stats.Players!.Online);
        Assert.Equal(gamedig.GetProperty("numplayers").GetInt32(), stats.Players.Online);
        Assert.Equal(status.GetProperty("players").GetProperty("max").GetInt32(), stats.Players.MaxPlayers);
        Assert.Equal(status.GetProperty("version").GetProperty("name").GetString(), stats.Players.Version);
        Assert.Equal("up", stats.Players.GameState);

        player.Leave();
        await Eventually.ValueAsync(server.GetStatsAsync, s => s.Players is { Known: true, Online: 0 }, PeerPatience);
    }

    [Fact]
    public async Task Server_with_a_player_online_is_never_put_to_sleep_by_the_idle_check()
    {
        var server = await CreateRunningAsync(autoSleep: true);
        var info = (await server.GetInfoAsync())!;

        await using (var player = GameProtocolPeer.Start("mc-login", "127.0.0.1", info.PublicPort.ToString(), "Alex"))
        {
            Assert.Equal("joined", (await player.NextAsync(PeerPatience)).GetProperty("event").GetString());
            await Eventually.ValueAsync(server.GetStatsAsync, s => s.Players is { Known: true, Online: 1 }, PeerPatience);
            Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);

            // Absence of a sleep cannot be awaited: watch one and a half idle windows (checked every second).
            await Task.Delay(TimeSpan.FromSeconds(12));
            var now = (await server.GetInfoAsync())!;
            Assert.True(
                now.Status == GameServerStatus.Running,
                $"{now.Status} ({now.Detail}), crashes {now.CrashCount}; sidecar: {await fixture.ProxyActivityJsonAsync(now.Id)}");
            Assert.Equal(1, (await server.GetStatsAsync()).Players!.Online);
            player.Leave();
        }

        var asleep = await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        Assert.Equal(new KnownGame("1.21.1", 767, 20), asleep.KnownGame);
    }

    [Fact]
    public async Task Sidecar_recreated_while_the_game_sleeps_shows_the_version_the_game_last_reported()
    {
        var server = await CreateRunningAsync(autoSleep: false);
        var running = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.KnownGame is not null, PeerPatience);
        await server.HibernateAsync();
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);

        // Removed behind the grain's back: the next reconciliation re-creates it from the grain's state.
        var proxyName = new ServerResources(running!.Id).ProxyContainer;
        await fixture.Containers.RemoveContainerAsync(proxyName, CancellationToken.None);
        await Eventually.ValueAsync(
            () => fixture.Containers.InspectContainerAsync(proxyName, CancellationToken.None),
            c => c is { Running: true },
            PeerPatience);
        var status = await Eventually.ValueAsync(
            () => GameProtocolPeer.RunAsync(PeerPatience, "mc-status", "127.0.0.1", running.PublicPort.ToString()),
            s => s.GetProperty("event").GetString() == "status",
            PeerPatience);

        Assert.Contains("asleep", status.GetProperty("description").GetProperty("text").GetString());
        Assert.Equal("1.21.1", status.GetProperty("version").GetProperty("name").GetString());
        Assert.Equal(20, status.GetProperty("players").GetProperty("max").GetInt32());
    }

    [Fact]
    public async Task A2s_query_to_a_sleeping_server_is_answered_by_its_sidecar_without_a_wake()
    {
        var gameId = await fixture.AddDemoVariantAsync("valheim-like", demo => demo with
        {
            Ports = [new GamePort(2456, PortProtocol.Udp, "game"), new GamePort(2457, PortProtocol.Udp, "query")],
            Environment = GameServerCluster.DemoEnvironment(demo, ("DEMO_PORTS", "2456/udp,2457/udp"), ("DEMO_MAX_PLAYERS", "10")),
            QueryProtocol = GameProtocol.ValveA2S,
        });
        var server = await fixture.CreateDemoAsync(gameId: gameId);
        var info = (await server.GetInfoAsync())!;
        var gamePort = info.PublicPort.ToString();

        // The sidecar was just started: its UDP ports may still be opening when the first query arrives.
        var asleep = await Eventually.ValueAsync(
            () => GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "valheim", "127.0.0.1", gamePort),
            s => s.GetProperty("event").GetString() == "gamedig",
            PeerPatience);

        Assert.Equal("gamedig", asleep.GetProperty("event").GetString());
        Assert.EndsWith("(asleep, join to wake)", asleep.GetProperty("name").GetString());
        Assert.Equal(0, asleep.GetProperty("numplayers").GetInt32());
        Assert.Equal(0, (await fixture.ProxyActivityJsonAsync(info.Id)).GetProperty("wakeRequests").GetInt64());
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);

        await server.WakeAsync();
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var stats = await Eventually.ValueAsync(server.GetStatsAsync, s => s.Players is { Known: true }, PeerPatience);
        var awake = await GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "valheim", "127.0.0.1", gamePort);
        Assert.Equal("A GSP demo server", awake.GetProperty("name").GetString());
        Assert.Equal(awake.GetProperty("numplayers").GetInt32(), stats.Players!.Online);
        Assert.Equal(10, stats.Players.MaxPlayers);
    }

    private async Task<IGameServerGrain> CreateRunningAsync(bool autoSleep)
    {
        var gameId = await fixture.AddDemoVariantAsync("demo-join", demo => demo with
        {
            Environment = GameServerCluster.DemoEnvironment(demo, ("DEMO_LOGIN_ACCEPT", "true")),
        });
        var server = await fixture.CreateDemoAsync(autoSleep: autoSleep, gameId: gameId);
        await server.WakeAsync();
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        return server;
    }
}
