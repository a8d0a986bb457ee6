using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Udp;

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
    /// Blocking batches on its own thread: one <c>recvmmsg</c> takes what is queued, and each run of datagrams from one
    /// sender goes back with one <c>sendmmsg</c>, so the stand-in game costs no more per datagram than the relay it
    /// measures, and is not what limits the UDP numbers.
    /// </summary>
    private static Task UdpLoopAsync(Socket socket)
    {
        var done = new TaskCompletionSource();
        new Thread(() =>
        {
            var batch = new DatagramBatch(64);
            while (true)
            {
                var read = batch.Receive(socket, LinuxDatagrams.WaitForOne);
                for (var start = 0; start < read;)
                {
                    var end = start + 1;
                    while (end < read && batch.Name(end).SequenceEqual(batch.Name(start)))
                    {
                        end++;
                    }

                    batch.SendTo(socket, start, end - start, batch.Name(start));
                    start = end;
                }
            }
        }) { IsBackground = true, Name = "udp echo" }.Start();
        return done.Task;
    }
}
