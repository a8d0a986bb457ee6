using System.Net;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Limits;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Tcp;

public sealed class TcpCapTests
{
    [Fact]
    public async Task Connection_over_the_proxy_cap_is_closed_and_counted_while_those_under_it_are_relayed()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port]) with { Limits = new ProxyLimits { TcpConnections = 2 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using var first = await TestProxy.ConnectAsync(endpoint);
        using var second = await TestProxy.ConnectAsync(endpoint);
        Assert.Equal("one", await EchoAsync(first, "one"));
        Assert.Equal("two", await EchoAsync(second, "two"));

        Assert.True(await ClosedByProxyAsync(IPAddress.Loopback, endpoint));
        Assert.Equal(1, proxy.Activity.Snapshot().TcpConnectionsOverCap);
        Assert.Equal("still", await EchoAsync(first, "still"));
        Assert.Equal("here", await EchoAsync(second, "here"));
    }

    [Fact]
    public async Task A_closed_connection_frees_its_place_for_the_next_client()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port]) with { Limits = new ProxyLimits { TcpConnections = 1 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using (var first = await TestProxy.ConnectAsync(endpoint))
        {
            Assert.Equal("one", await EchoAsync(first, "one"));
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().TcpConnections == 0, "the first connection to end");
        using var next = await TestProxy.ConnectAsync(endpoint);

        Assert.Equal("two", await EchoAsync(next, "two"));
        Assert.Equal(0, proxy.Activity.Snapshot().TcpConnectionsOverCap);
    }

    [Fact]
    public async Task Connection_over_the_per_address_cap_is_closed_and_counted_while_other_addresses_are_relayed()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port]) with { Limits = new ProxyLimits { TcpConnectionsPerAddress = 1 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using var first = await TestProxy.ConnectAsync(endpoint);
        Assert.Equal("one", await EchoAsync(first, "one"));

        Assert.True(await ClosedByProxyAsync(IPAddress.Loopback, endpoint));
        using var otherAddress = await ConnectFromAsync(IPAddress.Parse("127.0.0.2"), endpoint);

        Assert.Equal("two", await EchoAsync(otherAddress, "two"));
        Assert.Equal(1, proxy.Activity.Snapshot().TcpConnectionsOverCap);
        Assert.Equal("three", await EchoAsync(first, "three"));
    }

    [Fact]
    public async Task Held_client_past_the_shared_hold_budget_is_released_and_counted_while_the_one_within_it_reaches_the_game()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        // One held client's first buffer (4 KiB) spends the whole budget.
        var options = TestProxy.Options(backend.Url, [game.Port]) with { Limits = new ProxyLimits { TcpHeldBytes = 4 * 1024 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using var within = await TestProxy.ConnectAsync(endpoint);
        await within.SendAsync("held bytes"u8.ToArray());
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().BytesFromClients == 10, "the first client's bytes to be held");

        using var past = await TestProxy.ConnectAsync(endpoint);
        await past.SendAsync("more"u8.ToArray());

        Assert.True(await TestProxy.ClosedCleanlyAsync(past, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, proxy.Activity.Snapshot().TcpHeldBytesOverCap);
        game.StartListening();
        Assert.Equal("held bytes", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(within, 10)));
    }

    [Fact]
    public async Task Held_bytes_go_back_to_the_hold_budget_at_hand_over_while_the_relayed_client_stays_connected()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        // One held client's first buffer (4 KiB) spends the whole budget: a second held client fits only if the
        // first one's share came back when it was handed to the game.
        var options = TestProxy.Options(backend.Url, [game.Port]) with { Limits = new ProxyLimits { TcpHeldBytes = 4 * 1024 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using var first = await TestProxy.ConnectAsync(endpoint);
        await first.SendAsync("first"u8.ToArray());
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().BytesFromClients == 5, "the first client's bytes to be held");
        game.StartListening();
        Assert.Equal("first", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(first, 5)));

        game.GoDown();
        using var second = await TestProxy.ConnectAsync(endpoint);
        await second.SendAsync("second"u8.ToArray());
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().BytesFromClients == 11, "the second client's bytes to be held");
        game.StartListening();

        Assert.Equal("second", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(second, 6)));
        Assert.Equal(0, proxy.Activity.Snapshot().TcpHeldBytesOverCap);
        Assert.Equal("still", await EchoAsync(first, "still"));
    }

    private static async Task<string> EchoAsync(Socket client, string text)
    {
        await client.SendAsync(Encoding.ASCII.GetBytes(text));
        return Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, text.Length, TimeSpan.FromSeconds(10)));
    }

    private static async Task<Socket> ConnectFromAsync(IPAddress source, IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(endpoint);
        return socket;
    }

    /// <summary>True when the proxy ends a new connection (reset or FIN, even while the connect completes) before relaying anything.</summary>
    private static async Task<bool> ClosedByProxyAsync(IPAddress source, IPEndPoint endpoint)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            using var client = await ConnectFromAsync(source, endpoint);
            await client.SendAsync("anyone?"u8.ToArray());
            return await client.ReceiveAsync(new byte[64], SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
