using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Minecraft;
using Gsp.Proxy.Tests.Support;
using Gsp.Tests.Peers;

namespace Gsp.Proxy.Tests.Games;

/// <summary>
/// A Minecraft server behind the proxy, driven by the real npm <c>minecraft-protocol</c> and <c>gamedig</c>
/// clients: the proxy answers server-list pings while the game sleeps, wakes it only for a login, and tells a
/// login it cannot serve in time why.
/// </summary>
public sealed class MinecraftSleepTests
{
    private static readonly TimeSpan PeerPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_ping_to_a_sleeping_server_answers_asleep_and_does_not_wake_it()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port) with
        {
            LastKnown = new LastKnownGame("1.21.1", 767, 42),
        });
        var port = proxy.TcpEndPointFor(game.Port).Port.ToString();

        var status = await GameProtocolPeer.RunAsync(PeerPatience, "mc-status", "127.0.0.1", port);
        var gamedig = await GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "minecraft", "127.0.0.1", port);

        Assert.Equal("status", status.GetProperty("event").GetString());
        Assert.Equal(SleepingMinecraft.AsleepMotd, status.GetProperty("description").GetProperty("text").GetString());
        Assert.Equal("1.21.1", status.GetProperty("version").GetProperty("name").GetString());
        Assert.Equal(767, status.GetProperty("version").GetProperty("protocol").GetInt32());
        Assert.Equal(0, status.GetProperty("players").GetProperty("online").GetInt32());
        Assert.Equal(42, status.GetProperty("players").GetProperty("max").GetInt32());
        Assert.True(status.TryGetProperty("latency", out _), "the ping was answered with a pong");
        Assert.Equal("gamedig", gamedig.GetProperty("event").GetString());
        Assert.Equal(0, gamedig.GetProperty("numplayers").GetInt32());
        Assert.Equal(42, gamedig.GetProperty("maxplayers").GetInt32());
        Assert.Equal(0, backend.RequestCount);
        Assert.False(game.Started);
    }

    [Fact]
    public async Task Login_wakes_the_game_reaches_it_once_up_and_its_player_count_matches_the_peers()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game.StartInBackground();
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port));
        var port = proxy.TcpEndPointFor(game.Port).Port.ToString();

        await using (var player = GameProtocolPeer.Start("mc-login", "127.0.0.1", port, "Alex"))
        {
            var joined = await player.NextAsync(PeerPatience);
            Assert.Equal("joined", joined.GetProperty("event").GetString());
            Assert.Equal(1, backend.RequestCount);
            Assert.Equal(1, game.OnlinePlayers);

            await Eventually.TrueAsync(() => proxy.Activity.Snapshot().Players is { Known: true, Online: 1 }, "the proxy's query to count the player");
            var (status, players) = await StatusWithMatchingCountAsync(proxy, port);
            Assert.Equal(status.GetProperty("players").GetProperty("online").GetInt32(), players.Online);
            Assert.Equal(status.GetProperty("players").GetProperty("max").GetInt32(), players.MaxPlayers);
            Assert.Equal(status.GetProperty("version").GetProperty("name").GetString(), players.Version);

            player.Leave();
            Assert.Equal("left", (await player.NextAsync(PeerPatience)).GetProperty("event").GetString());
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().Players is { Known: true, Online: 0 }, "the player to be gone");
    }

    [Fact]
    public async Task Login_the_game_cannot_take_in_time_is_ended_with_a_starting_message()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port) with { LoginTimeout = TimeSpan.FromSeconds(2) });
        var port = proxy.TcpEndPointFor(game.Port).Port.ToString();

        var outcome = await GameProtocolPeer.RunAsync(PeerPatience, "mc-login", "127.0.0.1", port, "Alex");

        Assert.Equal("disconnect", outcome.GetProperty("event").GetString());
        using var reason = JsonDocument.Parse(outcome.GetProperty("reason").GetString()!);
        Assert.Equal(SleepingMinecraft.StartingKick, reason.RootElement.GetProperty("text").GetString());
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Status_ping_while_the_game_starts_says_starting()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port) with { LoginTimeout = TimeSpan.FromSeconds(30) });
        var port = proxy.TcpEndPointFor(game.Port).Port.ToString();
        await using var player = GameProtocolPeer.Start("mc-login", "127.0.0.1", port, "Alex");
        await Eventually.TrueAsync(() => backend.RequestCount == 1, "the login to wake the game");

        var status = await GameProtocolPeer.RunAsync(PeerPatience, "mc-status", "127.0.0.1", port);

        Assert.Equal(SleepingMinecraft.StartingMotd, status.GetProperty("description").GetProperty("text").GetString());
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Legacy_ping_to_a_sleeping_server_is_answered_without_a_wake()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync(new byte[] { 0xFE, 0x01 });
        var reply = await ReadToEndAsync(client);

        Assert.Equal(0xFF, reply[0]);
        var text = Encoding.BigEndianUnicode.GetString(reply, 3, reply.Length - 3);
        Assert.StartsWith("\u00a71\0", text);
        Assert.Contains(SleepingMinecraft.AsleepMotd, text);
        Assert.Equal(0, backend.RequestCount);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: scanner\r\n\r\n")]
    [InlineData("\u0010\u0001garbage-after-a-plausible-length")]
    public async Task Garbage_to_a_sleeping_server_is_closed_without_a_wake(string garbage)
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync(Encoding.ASCII.GetBytes(garbage));

        Assert.Empty(await ReadToEndAsync(client));
        Assert.Equal(0, backend.RequestCount);
        Assert.Equal(0, proxy.Activity.Snapshot().HeldClients);
    }

    [Fact]
    public async Task Non_minecraft_bytes_reach_a_game_that_comes_up_by_itself_without_a_wake()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("echo while the platform starts the game"u8.ToArray());
        await game.StartAsync();

        var echo = await TestProxy.ReceiveExactlyAsync(client, "echo while the platform starts the game".Length);
        Assert.Equal("echo while the platform starts the game", Encoding.ASCII.GetString(echo));
        Assert.Equal(0, backend.RequestCount);
    }

    [Fact]
    public async Task Oversized_handshake_to_a_sleeping_server_is_closed_without_a_wake()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(MinecraftOptions(backend.Url, game.Port));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        // A length prefix of 2 MiB with packet id 0: shaped like a handshake, far too long to be one.
        await client.SendAsync(new byte[] { 0x80, 0x80, 0x80, 0x01, 0x00, 0x01, 0x02 });

        Assert.Empty(await ReadToEndAsync(client));
        Assert.Equal(0, backend.RequestCount);
    }

    [Fact]
    public async Task Udp_query_on_a_sleeping_minecraft_port_is_dropped_without_a_wake()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], [game.Port]) with
        {
            GameProtocol = GameProtocol.MinecraftJava,
            QueryPort = game.Port,
        });

        // What gamedig's "minecraft" type sends besides the TCP ping: a GameSpy4 handshake (enable-query).
        using var client = new UdpClient();
        await client.SendAsync(new byte[] { 0xFE, 0xFD, 0x09, 0x00, 0x00, 0x00, 0x01 }, proxy.UdpEndPointFor(game.Port));
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().UdpSessions == 1, "the query's session");
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().UdpSessions == 0, "the query to be dropped after the grace");

        Assert.Equal(0, backend.RequestCount);
        Assert.False(game.Started);
    }

    /// <summary>
    /// The peer's status and the proxy's count, read again if they differ: the demo game counts a connection as a
    /// player from accept until its handshake shows a status ping, so the proxy's own query and the peer's ping can
    /// briefly see each other.
    /// </summary>
    private static async Task<(JsonElement Status, PlayerSnapshot Players)> StatusWithMatchingCountAsync(ProxyHost proxy, string port)
    {
        for (var attempt = 1; ; attempt++)
        {
            var status = await GameProtocolPeer.RunAsync(PeerPatience, "mc-status", "127.0.0.1", port);
            var players = proxy.Activity.Snapshot().Players!;
            if (status.GetProperty("players").GetProperty("online").GetInt32() == players.Online || attempt == 5)
            {
                return (status, players);
            }
        }
    }

    private static ProxyOptions MinecraftOptions(Uri wakeUrl, int gamePort) => TestProxy.Options(wakeUrl, [gamePort]) with
    {
        GameProtocol = GameProtocol.MinecraftJava,
        QueryPort = gamePort,
        QueryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private static async Task<byte[]> ReadToEndAsync(Socket client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }
}
