using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// A player already connected through the sidecar: one datagram every <see cref="Interval"/> with a sequence
/// number, and the round-trip time of each echo. Runs on its own threads so the flood in the same process cannot
/// delay its clock.
/// </summary>
internal sealed class UdpPlayer : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly long[] sentAt = new long[1 << 16];
    private readonly List<double> roundTrips = [];
    private readonly Lock gate = new();
    private volatile bool stopping;
    private int sent;
    private Thread? sender;
    private Thread? receiver;

    public UdpPlayer(IPEndPoint sidecar)
    {
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        socket.Connect(sidecar);
        socket.ReceiveTimeout = 200;
    }

    /// <summary>Sends until it hears one echo (the session is live) or <paramref name="timeout"/> passes.</summary>
    public bool Join(TimeSpan timeout)
    {
        var buffer = new byte[64];
        var limit = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < limit)
        {
            socket.Send("join"u8);
            try
            {
                if (socket.Receive(buffer) > 0)
                {
                    return true;
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.ConnectionRefused)
            {
            }
        }

        return false;
    }

    public void Start()
    {
        sender = new Thread(SendLoop) { IsBackground = true, Name = "player send" };
        receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "player receive" };
        receiver.Start();
        sender.Start();
    }

    /// <summary>Stops and returns (sent, echoed, p50 ms, p99 ms, max ms).</summary>
    public (int Sent, int Echoed, double P50, double P99, double Max) Stop()
    {
        stopping = true;
        sender?.Join();
        Thread.Sleep(300);
        receiver?.Join();
        lock (gate)
        {
            var sorted = roundTrips.Order().ToArray();
            double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            return (sent, sorted.Length, At(0.5), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        }
    }

    public void Dispose() => socket.Dispose();

    private void SendLoop()
    {
        var payload = new byte[64];
        var next = Stopwatch.GetTimestamp();
        var step = (long)(Interval.TotalSeconds * Stopwatch.Frequency);
        while (!stopping)
        {
            var sequence = sent;
            BinaryPrimitives.WriteInt32LittleEndian(payload, sequence);
            Volatile.Write(ref sentAt[sequence & 0xFFFF], Stopwatch.GetTimestamp());
            try
            {
                socket.Send(payload);
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
                // The player was disposed while sending: a thread must never end the test host.
                return;
            }

            sent++;
            next += step;
            var wait = next - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[64];
        while (true)
        {
            int read;
            try
            {
                read = socket.Receive(buffer);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A receive timeout after the sender stopped: every echo still coming has arrived.
                if (stopping)
                {
                    return;
                }

                continue;
            }

            if (read < 4 || buffer.AsSpan(0, 4).SequenceEqual("join"u8))
            {
                continue;
            }

            var sequence = BinaryPrimitives.ReadInt32LittleEndian(buffer);
            var at = Volatile.Read(ref sentAt[sequence & 0xFFFF]);
            lock (gate)
            {
                roundTrips.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
        }
    }
}
