using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gsp.Proxy.Admin;

/// <summary>
/// <c>gsp-proxy --healthcheck</c>: the scratch image has no curl, so the binary probes its own
/// <c>/healthz</c> and exits 0 (healthy) or 1, which is what Docker's HEALTHCHECK expects.
/// </summary>
public static class HealthProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(int adminPort)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, adminPort), timeout.Token);
            await socket.SendAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var buffer = new byte[256];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token)) > 0)
            {
                length += read;
            }

            return Encoding.ASCII.GetString(buffer, 0, length).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) ? 0 : 1;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return 1;
        }
    }
}
