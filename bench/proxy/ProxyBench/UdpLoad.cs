using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>Sends SIZE-byte datagrams at RATE per second for SECONDS and counts the echoes that come back.</summary>
public static class UdpLoad
{
    public static async Task<int> RunAsync(string host, int port, int seconds, int size, int rate)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 8 * 1024 * 1024;
        socket.Connect(IPAddress.Parse(host), port);
        long received = 0;
        var receiving = Task.Run(() =>
        {
            var buffer = new byte[65_535];
            socket.ReceiveTimeout = 1000;
            try
            {
                while (true)
                {
                    socket.Receive(buffer);
                    Interlocked.Increment(ref received);
                }
            }
            catch (SocketException)
            {
                // 1 s of silence after sending stopped: everything that will arrive has.
            }
        });

        var sendSeconds = SendPaced(socket, new byte[size], rate, seconds);
        await receiving;
        var got = Interlocked.Read(ref received);
        var sent = (long)rate * seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"offered_per_s={rate} sent={sent} echoed={got} echoed_per_s={got / sendSeconds:0} loss_pct={100.0 * (sent - got) / sent:0.00}"));
        return 0;
    }

    /// <summary>Sends RATE × SECONDS copies of <paramref name="payload"/> on a connected socket; returns the seconds it took.</summary>
    public static double SendPaced(Socket socket, byte[] payload, int rate, int seconds)
    {
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var total = (long)rate * seconds;
        while (sent < total)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (sent < due && sent < total)
            {
                socket.Send(payload);
                sent++;
            }

            // Sleeping (not spinning) leaves the 2nd core to the proxy and the echo target; at 50 k/s this
            // sends ~50-datagram bursts every ~1 ms, much like a game tick.
            Thread.Sleep(1);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
