using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Tcp;

public sealed class TcpHoldTests
{
    [Fact]
    public async Task Reachable_game_is_relayed_without_calling_wake()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("ping"u8.ToArray());

        Assert.Equal("ping", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 4)));
        Assert.Equal(0, backend.RequestCount);
    }

    [Fact]
    public async Task Held_client_early_bytes_arrive_after_game_comes_up()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game.StartListening();
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        var early = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray();
        await client.SendAsync(early);

        Assert.Equal(early, await TestProxy.ReceiveExactlyAsync(client, early.Length));
        Assert.Equal(1, backend.RequestCount);
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().HeldClients == 0, "hold to end");
    }

    [Fact]
    public async Task Ten_clients_during_one_wake_cause_exactly_one_wake_request()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        var clients = new List<Socket>();
        for (var i = 0; i < 10; i++)
        {
            var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
            await client.SendAsync(new[] { (byte)i });
            clients.Add(client);
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().HeldClients == 10, "all ten clients held");
        game.StartListening();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((byte)i, (await TestProxy.ReceiveExactlyAsync(clients[i], 1))[0]);
            clients[i].Dispose();
        }

        Assert.Equal(1, backend.RequestCount);
        Assert.Equal(1, proxy.Activity.Snapshot().WakeRequests);
    }

    [Fact]
    public async Task Game_that_stops_again_after_a_successful_wake_is_woken_again()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game.StartListening();
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using (var first = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port)))
        {
            await first.SendAsync("a"u8.ToArray());
            await TestProxy.ReceiveExactlyAsync(first, 1);
        }

        game.GoDown();
        using var second = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await second.SendAsync("b"u8.ToArray());

        Assert.Equal("b", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(second, 1)));
        Assert.Equal(2, backend.RequestCount);
    }

    [Fact]
    public async Task Hold_timeout_closes_cleanly()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var hold = TimeSpan.FromSeconds(1);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: hold));

        var stopwatch = Stopwatch.StartNew();
        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("hello"u8.ToArray());

        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(20)));
        Assert.True(stopwatch.Elapsed >= hold - TimeSpan.FromMilliseconds(50), $"released after {stopwatch.Elapsed}, before the hold time");
        Assert.Equal(0, game.AcceptedConnections);
    }

    [Fact]
    public async Task Client_half_close_during_hold_still_gets_the_reply()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("query"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);
        await Eventually.TrueAsync(() => backend.RequestCount == 1, "wake request");
        game.StartListening();

        Assert.Equal("query", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 5)));
        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Held_client_that_hangs_up_silently_stops_being_held()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: TimeSpan.FromSeconds(60)));

        using (var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port)))
        {
            await Eventually.TrueAsync(() => proxy.Activity.Snapshot().HeldClients == 1, "client to be held");
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot() is { HeldClients: 0, TcpConnections: 0 }, "silent client to be dropped long before the 60 s hold");
    }
}
