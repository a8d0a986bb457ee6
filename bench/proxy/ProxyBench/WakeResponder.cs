using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gsp.Bench.Proxy;

/// <summary>Answers every request with 202 so the proxy's wake call succeeds; the bench starts the "game" itself.</summary>
public static class WakeResponder
{
    public static async Task<int> RunAsync(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Console.WriteLine("ready");
        var response = Encoding.ASCII.GetBytes("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        while (true)
        {
            var client = await listener.AcceptSocketAsync();
            _ = Task.Run(async () =>
            {
                using var _ = client;
                var buffer = new byte[8192];
                var length = 0;
                while (length < buffer.Length)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(length));
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                    var text = Encoding.ASCII.GetString(buffer, 0, length);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        break;
                    }
                }

                // The body is tiny and its content irrelevant here; answering closes the exchange.
                await client.SendAsync(response);
            });
        }
    }
}
