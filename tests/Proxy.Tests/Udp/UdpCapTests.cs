using System.Net;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Limits;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Udp;

public sealed class UdpCapTests
{
    /// <summary>Long enough that a reply the proxy should have relayed has certainly arrived on loopback.</summary>
    private static readonly TimeSpan NoReplyWindow = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Client_over_the_port_session_cap_is_dropped_and_counted_while_clients_under_it_keep_relaying()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [], [game.Port]) with { Limits = new ProxyLimits { UdpSessionsPerListener = 3 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.UdpEndPointFor(game.Port);
        var admitted = Enumerable.Range(0, 3).Select(_ => NewClient(IPAddress.Loopback)).ToList();
        using var extra = NewClient(IPAddress.Loopback);

        foreach (var client in admitted)
        {
            Assert.Equal("hello", await EchoAsync(client, endpoint, "hello"));
        }

        await extra.SendToAsync("over"u8.ToArray(), endpoint);
        Assert.Null(await TryReceiveAsync(extra, NoReplyWindow));

        var activity = proxy.Activity.Snapshot();
        Assert.Equal(1, activity.UdpSessionsOverCap);
        Assert.Equal(3, activity.UdpSessions);
        foreach (var client in admitted)
        {
            Assert.Equal("still", await EchoAsync(client, endpoint, "still"));
        }

        admitted.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Client_over_the_per_address_session_cap_is_dropped_and_counted_while_other_addresses_are_served()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [], [game.Port]) with { Limits = new ProxyLimits { UdpSessionsPerAddress = 2 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.UdpEndPointFor(game.Port);
        using var first = NewClient(IPAddress.Loopback);
        using var second = NewClient(IPAddress.Loopback);
        using var third = NewClient(IPAddress.Loopback);
        using var elsewhere = NewClient(IPAddress.Parse("127.0.0.2"));

        Assert.Equal("a", await EchoAsync(first, endpoint, "a"));
        Assert.Equal("b", await EchoAsync(second, endpoint, "b"));
        await third.SendToAsync("c"u8.ToArray(), endpoint);
        Assert.Null(await TryReceiveAsync(third, NoReplyWindow));
        Assert.Equal("d", await EchoAsync(elsewhere, endpoint, "d"));

        Assert.Equal(1, proxy.Activity.Snapshot().UdpSessionsOverCap);
        Assert.Equal("e", await EchoAsync(first, endpoint, "e"));
    }

    [Fact]
    public async Task Datagrams_past_the_shared_wake_buffer_are_dropped_and_counted_and_those_within_it_reach_the_game()
    {
        var port = FakeUdpGame.FreePort();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [], [port]) with { Limits = new ProxyLimits { UdpWakeBufferBytes = 1_000 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.UdpEndPointFor(port);
        using var client = NewClient(IPAddress.Loopback);
        var datagrams = Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 400)).ToList();

        foreach (var datagram in datagrams)
        {
            await client.SendToAsync(Encoding.ASCII.GetBytes(datagram), endpoint);
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().UdpWakeBufferOverCap == 1, "the third datagram to find the budget spent");
        using var game = new FakeUdpGame(port);

        Assert.Equal(datagrams[0], await ReceiveAsync(client));
        Assert.Equal(datagrams[1], await ReceiveAsync(client));
        Assert.Null(await TryReceiveAsync(client, NoReplyWindow));
    }

    [Fact]
    public async Task Thousands_of_relaying_sessions_add_no_threads()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        // Every client is on 127.0.0.1, so the per-address cap is lifted to the port's.
        var options = TestProxy.Options(backend.Url, [], [game.Port]) with { Limits = new ProxyLimits { UdpSessionsPerAddress = 16_384 } };
        await using var proxy = TestProxy.Start(options);
        var endpoint = proxy.UdpEndPointFor(game.Port);
        using var warm = NewClient(IPAddress.Loopback);
        Assert.Equal("warm", await EchoAsync(warm, endpoint, "warm"));
        var threadsBefore = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;

        var clients = Enumerable.Range(0, 2_000).Select(_ => NewClient(IPAddress.Loopback)).ToList();
        // In batches the fake game's default receive buffer can hold, so every probe reaches it.
        foreach (var batch in clients.Chunk(100))
        {
            var expected = game.Peers.Count + batch.Length;
            foreach (var client in batch)
            {
                await client.SendToAsync("x"u8.ToArray(), endpoint);
            }

            await Eventually.TrueAsync(() => game.Peers.Count == expected, "the batch's sessions to reach the game");
        }

        var threadsAfter = System.Diagnostics.Process.GetCurrentProcess().Threads.Count;
        Assert.Equal("after", await EchoAsync(warm, endpoint, "after"));
        clients.ForEach(c => c.Dispose());

        // The test host's own thread pool may add a few; a thread per session would add two thousand.
        Assert.True(threadsAfter - threadsBefore < 50, $"{threadsAfter - threadsBefore} threads added for 2000 sessions");
    }

    private static Socket NewClient(IPAddress address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }

    private static async Task<string> EchoAsync(Socket client, IPEndPoint endpoint, string text)
    {
        await client.SendToAsync(Encoding.ASCII.GetBytes(text), endpoint);
        return await ReceiveAsync(client);
    }

    private static async Task<string> ReceiveAsync(Socket client) =>
        await TryReceiveAsync(client, TimeSpan.FromSeconds(10)) ?? throw new TimeoutException("no reply through the proxy");

    private static async Task<string?> TryReceiveAsync(Socket client, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[2048];
        try
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
