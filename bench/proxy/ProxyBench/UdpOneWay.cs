using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>
/// Sends SIZE-byte datagrams at RATE per second to HOST:PORT and counts what reaches a sink this tool binds on
/// SINKADDR:PORT (the game's address). Unlike <see cref="UdpLoad"/> nothing comes back, so this measures one
/// direction of the relay: half the proxy's per-datagram work of an echo round trip.
/// </summary>
public static class UdpOneWay
{
    public static async Task<int> RunAsync(string host, int port, string sinkAddress, int seconds, int size, int rate)
    {
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.ReceiveBufferSize = 8 * 1024 * 1024;
        sink.Bind(new IPEndPoint(IPAddress.Parse(sinkAddress), port));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(IPAddress.Parse(host), port);

        // One untimed datagram first: through the proxy it opens the session and the probe window passes
        // (a sink never answers), so the timed run measures relaying, not session start-up.
        var payload = new byte[size];
        socket.Send(payload);
        var buffer = new byte[65_535];
        sink.ReceiveTimeout = 5000;
        sink.Receive(buffer);
        await Task.Delay(200);

        long received = 0;
        var receiving = Task.Run(() =>
        {
            sink.ReceiveTimeout = 1000;
            try
            {
                while (true)
                {
                    sink.Receive(buffer);
                    Interlocked.Increment(ref received);
                }
            }
            catch (SocketException)
            {
                // 1 s of silence after sending stopped: everything that will arrive has.
            }
        });

        var sendSeconds = UdpLoad.SendPaced(socket, payload, rate, seconds);
        await receiving;
        var got = Interlocked.Read(ref received);
        var sent = (long)rate * seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"offered_per_s={rate} sent={sent} received={got} received_per_s={got / sendSeconds:0} loss_pct={100.0 * (sent - got) / sent:0.00}"));
        return 0;
    }
}
