using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Tests.Support;

/// <summary>Starts a <see cref="ProxyHost"/> on loopback ephemeral ports in front of fake games.</summary>
public static class TestProxy
{
    public const string Token = "test-token-not-secret";
    public const string ServerId = "srv-42";

    public static ProxyOptions Options(Uri wakeUrl, int[] tcpPorts, int[]? udpPorts = null, TimeSpan? hold = null) => new()
    {
        Ports = [.. tcpPorts.Select(p => new PortMapping(0, p, PortProtocol.Tcp)), .. (udpPorts ?? []).Select(p => new PortMapping(0, p, PortProtocol.Udp))],
        UpstreamHost = "127.0.0.1",
        WakeUrl = wakeUrl,
        ServerId = ServerId,
        Token = Token,
        HoldTime = hold ?? TimeSpan.FromSeconds(30),
        AdminPort = 0,
        ListenAddress = IPAddress.Loopback,
        ShutdownGrace = TimeSpan.FromSeconds(5),
    };

    public static ProxyHost Start(ProxyOptions options)
    {
        var host = new ProxyHost(options, new ProxyLog(TextWriter.Null, TimeProvider.System));
        host.Start();
        return host;
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return socket;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or fails if the connection ends first.</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cts.Token);
            Assert.True(n > 0, $"connection closed after {read} of {count} bytes");
            read += n;
        }

        return buffer;
    }

    /// <summary>True when the peer closed with FIN (receive returns 0); throws on RST so a test sees the difference.</summary>
    public static async Task<bool> ClosedCleanlyAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var scratch = new byte[4096];
        while (await socket.ReceiveAsync(scratch, SocketFlags.None, cts.Token) > 0)
        {
        }

        return true;
    }
}
