using System.Net;
using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>TCP and UDP echo on one address/port: the stand-in game for latency, idle and UDP runs.</summary>
public static class EchoTarget
{
    public static async Task<int> RunAsync(string address, int port)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(address), port);
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(endpoint);
        tcp.Listen(4096);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.ReceiveBufferSize = 8 * 1024 * 1024;
        udp.SendBufferSize = 8 * 1024 * 1024;
        udp.Bind(endpoint);
        Console.WriteLine("ready");
        await Task.WhenAll(AcceptLoopAsync(tcp), UdpLoopAsync(udp));
        return 0;
    }

    private static async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            var client = await listener.AcceptAsync();
            client.NoDelay = true;
            _ = Task.Run(async () =>
            {
                using var _ = client;
                var buffer = new byte[64 * 1024];
                try
                {
                    await client.ReceiveAsync(Memory<byte>.Empty);
                    int read;
                    while ((read = await client.ReceiveAsync(buffer)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, read));
                    }
                }
                catch (SocketException)
                {
                }
            });
        }
    }

    /// <summary>
    /// Blocking receive/send on its own thread with a reused <see cref="SocketAddress"/>: no allocation and
    /// no thread-pool hop per datagram, so the stand-in game is not what limits the UDP numbers.
    /// </summary>
    private static Task UdpLoopAsync(Socket socket)
    {
        var done = new TaskCompletionSource();
        new Thread(() =>
        {
            var buffer = new byte[65_535];
            var peer = new SocketAddress(AddressFamily.InterNetwork);
            while (true)
            {
                try
                {
                    var read = socket.ReceiveFrom(buffer, SocketFlags.None, peer);
                    socket.SendTo(buffer.AsSpan(0, read), SocketFlags.None, peer);
                }
                catch (SocketException)
                {
                }
            }
        }) { IsBackground = true, Name = "udp echo" }.Start();
        return done.Task;
    }
}
