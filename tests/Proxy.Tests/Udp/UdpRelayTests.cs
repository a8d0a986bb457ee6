using System.Net;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Udp;

public sealed class UdpRelayTests
{
    [Fact]
    public async Task Udp_replies_route_back_to_each_client()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [], [game.Port]));
        var endpoint = proxy.UdpEndPointFor(game.Port);

        var clients = Enumerable.Range(0, 3).Select(_ => NewClient()).ToList();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < clients.Count; i++)
            {
                await clients[i].SendToAsync(Encoding.ASCII.GetBytes($"client{i}-round{round}"), endpoint);
            }

            for (var i = 0; i < clients.Count; i++)
            {
                Assert.Equal($"client{i}-round{round}", await ReceiveAsync(clients[i]));
            }
        }

        Assert.Equal(3, game.Peers.Count);
        Assert.Equal(3, proxy.Activity.Snapshot().UdpSessions);
        Assert.Equal(0, backend.RequestCount);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Udp_datagrams_sent_while_waking_are_delivered_after_game_comes_up()
    {
        var port = FakeUdpGame.FreePort();
        FakeUdpGame? game = null;
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game = new FakeUdpGame(port);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [], [port]));

        using var client = NewClient();
        await client.SendToAsync("first"u8.ToArray(), proxy.UdpEndPointFor(port));
        await client.SendToAsync("second"u8.ToArray(), proxy.UdpEndPointFor(port));

        try
        {
            Assert.Equal("first", await ReceiveAsync(client));
            Assert.Equal("second", await ReceiveAsync(client));
            Assert.Equal(1, backend.RequestCount);
        }
        finally
        {
            game?.Dispose();
        }
    }

    [Fact]
    public async Task Idle_udp_sessions_expire()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [], [game.Port]) with { UdpIdleTimeout = TimeSpan.FromMilliseconds(300) };
        await using var proxy = TestProxy.Start(options);

        using var client = NewClient();
        await client.SendToAsync("hi"u8.ToArray(), proxy.UdpEndPointFor(game.Port));
        Assert.Equal("hi", await ReceiveAsync(client));

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().UdpSessions == 0, "idle session to expire");
    }

    [Fact]
    public async Task Client_that_returns_after_its_session_expired_gets_a_new_session()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [], [game.Port]) with { UdpIdleTimeout = TimeSpan.FromMilliseconds(300) };
        await using var proxy = TestProxy.Start(options);

        using var client = NewClient();
        await client.SendToAsync("before"u8.ToArray(), proxy.UdpEndPointFor(game.Port));
        Assert.Equal("before", await ReceiveAsync(client));
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().UdpSessions == 0, "idle session to expire");

        await client.SendToAsync("after"u8.ToArray(), proxy.UdpEndPointFor(game.Port));

        Assert.Equal("after", await ReceiveAsync(client));
        Assert.Equal(1, proxy.Activity.Snapshot().UdpSessions);
        Assert.Equal(2, game.Peers.Count);
    }

    [Fact]
    public async Task Bursts_from_several_clients_come_back_whole_and_in_order_to_each_sender_including_a_datagram_of_sixty_kilobytes()
    {
        using var game = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [], [game.Port]));
        var endpoint = proxy.UdpEndPointFor(game.Port);
        var clients = Enumerable.Range(0, 3).Select(_ => NewClient()).ToList();
        clients.ForEach(c => c.ReceiveBufferSize = 4 * 1024 * 1024);
        for (var i = 0; i < clients.Count; i++)
        {
            await clients[i].SendToAsync(Datagram(i, 0), endpoint);
            Assert.Equal(Datagram(i, 0), await ReceiveBytesAsync(clients[i]));
        }

        // Interleaved bursts fill the relay's batches with runs from several senders.
        // Rounds of ten per client keep every socket's queue far below its buffer (no loss that is not the relay's).
        const int Burst = 10;
        for (var round = 0; round < 5; round++)
        {
            for (var n = round * Burst + 1; n <= (round + 1) * Burst; n++)
            {
                for (var i = 0; i < clients.Count; i++)
                {
                    clients[i].SendTo(Datagram(i, n), endpoint);
                }
            }

            for (var i = 0; i < clients.Count; i++)
            {
                for (var n = round * Burst + 1; n <= (round + 1) * Burst; n++)
                {
                    Assert.Equal(Datagram(i, n), await ReceiveBytesAsync(clients[i]));
                }
            }
        }

        // A datagram far larger than a network packet fills a batch slot whole. One client at a time: three
        // of them at once would exceed the kernel's default receive buffer of a socket whose reader a loaded
        // box starves, which is the kernel's loss, not the relay's.
        for (var i = 0; i < clients.Count; i++)
        {
            clients[i].SendTo(Datagram(i, Large), endpoint);
            Assert.Equal(Datagram(i, Large), await ReceiveBytesAsync(clients[i]));
        }

        Assert.Equal(0, proxy.Activity.Snapshot().UdpDropped);
        clients.ForEach(c => c.Dispose());
    }

    /// <summary>The number of the datagram of 60,000 bytes.</summary>
    private const int Large = -1;

    /// <summary>Datagram <paramref name="n"/> of client <paramref name="client"/>: its own size and bytes; <see cref="Large"/> is 60,000 bytes.</summary>
    private static byte[] Datagram(int client, int n)
    {
        var bytes = new byte[n == Large ? 60_000 : 1 + (n * 37 + client * 11) % 1_400];
        for (var k = 0; k < bytes.Length; k++)
        {
            bytes[k] = (byte)(client * 31 + n * 7 + k);
        }

        return bytes;
    }

    private static async Task<byte[]> ReceiveBytesAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[65_535];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..read];
    }

    private static Socket NewClient()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[2048];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
