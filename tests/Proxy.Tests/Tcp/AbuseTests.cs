using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Tcp;

public sealed class AbuseTests
{
    // Far above what loopback socket buffers can absorb (a few MiB each side) plus the 64 KiB hold buffer.
    private const int FloodLimit = 64 * 1024 * 1024;

    [Fact]
    public async Task Garbage_and_vanishing_clients_and_floods_are_survived()
    {
        using var game = new FakeTcpGame(listening: true);
        using var sleepingGame = new FakeTcpGame();
        using var udpGame = new FakeUdpGame();
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port, sleepingGame.Port], [udpGame.Port]);
        await using var proxy = TestProxy.Start(options);
        var random = new Random(7);

        // Clients that reset right after connecting, to a live and to a sleeping game.
        for (var i = 0; i < 20; i++)
        {
            var target = proxy.TcpEndPointFor(i % 2 == 0 ? game.Port : sleepingGame.Port);
            using var rude = await TestProxy.ConnectAsync(target);
            rude.LingerState = new LingerOption(true, 0);
        }

        // A held client flooding far past the hold buffer, then vanishing.
        using (var flooder = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(sleepingGame.Port)))
        {
            var chunk = new byte[64 * 1024];
            random.NextBytes(chunk);
            flooder.Blocking = false;
            var pushed = 0;
            try
            {
                while (pushed < FloodLimit)
                {
                    pushed += flooder.Send(chunk);
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
            {
                // Back-pressure reached us: the proxy stopped reading.
            }

            Assert.True(pushed < FloodLimit, "proxy kept reading a held client without bound");
            flooder.LingerState = new LingerOption(true, 0);
        }

        // Garbage to the admin port and to a live relay, and a UDP flood of junk.
        using (var junk = await TestProxy.ConnectAsync(proxy.AdminEndPoint))
        {
            var bytes = new byte[10_000];
            random.NextBytes(bytes);
            await junk.SendAsync(bytes);
        }

        using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var datagram = new byte[1200];
            for (var i = 0; i < 2000; i++)
            {
                random.NextBytes(datagram);
                udp.SendTo(datagram, proxy.UdpEndPointFor(udpGame.Port));
            }
        }

        // Everything above is forgotten: a normal client still gets a faithful relay.
        using var normal = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        var payload = new byte[1024 * 1024];
        random.NextBytes(payload);
        var send = normal.SendAsync(payload);
        Assert.Equal(payload, await TestProxy.ReceiveExactlyAsync(normal, payload.Length));
        await send;

        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync($"http://127.0.0.1:{proxy.AdminEndPoint.Port}/healthz"));
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().TcpConnections <= 2, "vanished clients to be cleaned up");
    }
}
