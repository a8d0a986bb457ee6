using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>One connection, 64-byte request, wait for the 64-byte echo, repeat: round-trip percentiles.</summary>
public static class LatencyProbe
{
    public static async Task<int> RunAsync(string host, int port, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        var request = new byte[64];
        var response = new byte[64];
        var samples = new double[count];
        for (var i = -1000; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(request);
            var read = 0;
            while (read < response.Length)
            {
                read += await socket.ReceiveAsync(response.AsMemory(read));
            }

            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(samples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"p50_us={samples[count / 2]:0.0} p99_us={samples[(int)(count * 0.99)]:0.0} max_us={samples[^1]:0.0} n={count}"));
        return 0;
    }
}
