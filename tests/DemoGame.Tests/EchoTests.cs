using System.Net.Sockets;

namespace Gsp.DemoGame.Tests;

public sealed class EchoTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tcp_echo_returns_every_byte_then_closes_after_client_half_close()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Tcp);
        var payload = new byte[256 * 1024];
        new Random(1).NextBytes(payload);

        // Read while writing: 256 KiB exceeds the socket buffers, so a write-then-read test would deadlock.
        var reading = EchoClient.ReadToEndAsync(socket);
        await socket.SendAsync(payload);
        socket.Shutdown(SocketShutdown.Send);

        Assert.Equal(payload, await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task Tcp_echo_answers_interactively_before_the_client_closes()
    {
        await using var server = await RunningServer.StartAsync();
        using var socket = await EchoClient.ConnectAsPlayerAsync(server.Tcp).WaitAsync(Patience);

        await socket.SendAsync("hello"u8.ToArray());
        var reply = new byte[5];
        await socket.ReceiveAsync(reply).WaitAsync(Patience);

        Assert.Equal("hello"u8.ToArray(), reply);
    }

    [Fact]
    public async Task Udp_echo_returns_the_datagram_to_its_sender()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new UdpClient(server.Udp.AddressFamily);
        byte[] datagram = [1, 2, 3, 0xFF, 0x54, 0];

        await client.SendAsync(datagram, server.Udp);
        var reply = await client.ReceiveAsync().WaitAsync(Patience);

        Assert.Equal(datagram, reply.Buffer);
        Assert.Equal(server.Udp, reply.RemoteEndPoint);
    }
}
