using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Udp;

namespace Gsp.Bench.Proxy;

/// <summary>Sends SIZE-byte datagrams at RATE per second for SECONDS and counts the echoes that come back.</summary>
public static class UdpLoad
{
    public static async Task<int> RunAsync(string host, int port, int seconds, int size, int rate)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 8 * 1024 * 1024;
        socket.Connect(IPAddress.Parse(host), port);
        // One untimed echo first: through the proxy it opens the session (its first datagrams wait in the session's
        // wake buffer, GSP_PROXY_UDP_BUFFER_DATAGRAMS, while it connects to the game), so the timed run measures relaying.
        socket.Send(new byte[size]);
        socket.ReceiveTimeout = 5000;
        socket.Receive(new byte[65_535]);

        long received = 0;
        var receiving = Task.Run(() => received = ReceiveAll(socket));
        var sendSeconds = SendPaced(socket, new byte[size], rate, seconds);
        await receiving;
        var got = received;
        var sent = (long)rate * seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"offered_per_s={rate} sent={sent} echoed={got} echoed_per_s={got / sendSeconds:0} loss_pct={100.0 * (sent - got) / sent:0.00}"));
        return 0;
    }

    /// <summary>Counts the datagrams that arrive, a batch per system call, until 1 s passes without one (everything
    /// that will arrive has).</summary>
    public static long ReceiveAll(Socket socket)
    {
        socket.ReceiveTimeout = 1000;
        var batch = new DatagramBatch(64);
        long received = 0;
        while (true)
        {
            var read = batch.Receive(socket, LinuxDatagrams.WaitForOne);
            if (read == -LinuxDatagrams.EINTR)
            {
                continue;
            }

            if (read <= 0)
            {
                return received;
            }

            received += read;
        }
    }

    /// <summary>Sends RATE × SECONDS copies of <paramref name="payload"/> on a connected socket, what is due a batch per
    /// system call; returns the seconds it took.</summary>
    public static double SendPaced(Socket socket, byte[] payload, int rate, int seconds)
    {
        var batch = new DatagramBatch(64);
        for (var i = 0; i < batch.Capacity; i++)
        {
            batch.Set(i, payload);
        }

        long sent = 0;
        var clock = Stopwatch.StartNew();
        var total = (long)rate * seconds;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                var went = batch.SendConnected(socket, 0, (int)Math.Min(batch.Capacity, due - sent));
                if (went > 0)
                {
                    sent += went;
                }
                else
                {
                    // The socket's send buffer is full (EAGAIN): give the receivers the core.
                    Thread.Yield();
                }
            }

            // Sleeping (not spinning) leaves the 2nd core to the proxy and the echo target; at 50 k/s this
            // sends ~50-datagram bursts every ~1 ms, much like a game tick.
            Thread.Sleep(1);
        }

        return clock.Elapsed.TotalSeconds;
    }
}
