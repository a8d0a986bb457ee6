using Gsp.Proxy.Configuration;
using Gsp.Proxy.Tests.Support;
using Gsp.Proxy.Valve;
using Gsp.Tests.Peers;

namespace Gsp.Proxy.Tests.Games;

/// <summary>A Valve-query game behind the proxy, queried by the real npm <c>gamedig</c> (Valheim's A2S).</summary>
public sealed class A2sSleepTests
{
    private static readonly TimeSpan PeerPatience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A2s_query_to_a_sleeping_server_is_answered_by_the_proxy_without_a_wake()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(A2sOptions(backend.Url, game.Port) with { LastKnown = new LastKnownGame("0.219.16", null, 10) });
        var port = proxy.UdpEndPointFor(game.Port).Port.ToString();

        var state = await GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "valheim", "127.0.0.1", port, "given-port-only");

        Assert.Equal("gamedig", state.GetProperty("event").GetString());
        Assert.EndsWith(SleepingA2s.AsleepSuffix, state.GetProperty("name").GetString());
        Assert.Equal(0, state.GetProperty("numplayers").GetInt32());
        Assert.Equal(10, state.GetProperty("maxplayers").GetInt32());
        Assert.Equal("0.219.16", state.GetProperty("version").GetString());
        Assert.Equal(0, backend.RequestCount);
        Assert.False(game.Started);
    }

    [Fact]
    public async Task Other_datagrams_still_wake_and_once_up_the_query_reaches_the_game_and_counts_its_players()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game.StartInBackground();
        await using var proxy = TestProxy.Start(A2sOptions(backend.Url, game.Port));
        var endpoint = proxy.UdpEndPointFor(game.Port);

        using (var client = new System.Net.Sockets.UdpClient())
        {
            await client.SendAsync("join"u8.ToArray(), endpoint);
            Assert.Equal("join"u8.ToArray(), (await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(20))).Buffer);
        }

        // gamedig gives up on a query after a short timeout of its own, which a loaded box can exceed: asked again.
        var state = await Eventually.ValueAsync(
            () => GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "valheim", "127.0.0.1", endpoint.Port.ToString(), "given-port-only"),
            s => s.TryGetProperty("name", out _),
            PeerPatience);
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().Players is { Known: true }, "the proxy's own A2S query");

        Assert.Equal("Demo behind the proxy", state.GetProperty("name").GetString());
        Assert.Equal(1, backend.RequestCount);
        var players = proxy.Activity.Snapshot().Players!;
        Assert.Equal(state.GetProperty("numplayers").GetInt32(), players.Online);
        Assert.Equal(42, players.MaxPlayers);
        Assert.Equal("valve-a2s", players.Protocol);
    }

    [Fact]
    public async Task Refused_wake_releases_the_udp_player_and_its_query_gets_the_sleeping_answer_saying_it_cannot_start()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(402, """{"error":"add credits to wake this server"}""");
        await using var proxy = TestProxy.Start(A2sOptions(backend.Url, game.Port) with
        {
            HoldTime = TimeSpan.FromSeconds(60),
            RefusalBackoff = TimeSpan.FromMinutes(5), // longer than the peer may take to start under load
        });
        var endpoint = proxy.UdpEndPointFor(game.Port);

        using (var client = new System.Net.Sockets.UdpClient())
        {
            await client.SendAsync("join"u8.ToArray(), endpoint);
            await Eventually.TrueAsync(() => backend.RequestCount == 1 && proxy.Activity.Snapshot().HeldClients == 0, "the refused player to be released");
        }

        // gamedig gives up on a query after a short timeout of its own, which a loaded box can exceed: asked again.
        var state = await Eventually.ValueAsync(
            () => GameProtocolPeer.RunAsync(PeerPatience, "gamedig", "valheim", "127.0.0.1", endpoint.Port.ToString(), "given-port-only"),
            s => s.TryGetProperty("name", out _),
            PeerPatience);

        Assert.EndsWith(SleepingA2s.RefusedSuffix, state.GetProperty("name").GetString());
        Assert.Equal(1, backend.RequestCount);
        Assert.False(game.Started);
    }

    private static ProxyOptions A2sOptions(Uri wakeUrl, int gamePort) => TestProxy.Options(wakeUrl, [], [gamePort]) with
    {
        GameProtocol = GameProtocol.ValveA2S,
        QueryPort = gamePort,
        QueryPeriod = TimeSpan.FromMilliseconds(200),
    };
}
