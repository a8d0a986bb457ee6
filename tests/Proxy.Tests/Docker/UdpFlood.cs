using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// A bounded, deterministic UDP flood to loopback: <paramref name="sources"/> sockets (one source port each), sending
/// in turn at <paramref name="perSecond"/> datagrams a second for <paramref name="duration"/>, then stopping by itself.
/// The sockets' receive buffers are the kernel minimum so the echoes they get cost the host almost nothing.
/// </summary>
internal sealed class UdpFlood(IPEndPoint target, int sources, int perSecond, TimeSpan duration, int datagramBytes) : IDisposable
{
    private readonly List<Socket> sockets = [];

    public long Sent { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public Task RunAsync()
    {
        for (var i = 0; i < sources; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 };
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
            sockets.Add(socket);
        }

        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                Run();
                finished.TrySetResult();
            }
            catch (Exception ex)
            {
                finished.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "udp flood" }.Start();
        return finished.Task;
    }

    public void Dispose() => sockets.ForEach(s => s.Dispose());

    private void Run()
    {
        var payload = new byte[datagramBytes];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }

        var address = target.Serialize();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long sent = 0;
        var next = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
            {
                break;
            }

            var due = (long)((double)(now - start) / Stopwatch.Frequency * perSecond);
            if (sent >= due)
            {
                Thread.Sleep(1);
                continue;
            }

            // A sender that fell behind catches up, but never past the end.
            for (; sent < due && (sent % 1024 != 0 || Stopwatch.GetTimestamp() < end); sent++)
            {
                try
                {
                    sockets[next].SendTo(payload, SocketFlags.None, address);
                }
                catch (SocketException)
                {
                    // A full send queue: that datagram is lost, as on a real network.
                }

                next = (next + 1) % sockets.Count;
            }
        }

        Sent = sent;
        Elapsed = Stopwatch.GetElapsedTime(start);
    }
}
