using System.Net.Sockets;
using System.Text;

namespace Gsp.Tests.GameServers;

/// <summary>A player's TCP connection through a server's public port, speaking the demo game's echo.</summary>
public sealed class TcpProbe : IAsyncDisposable
{
    private readonly TcpClient client = new();

    private TcpProbe()
    {
    }

    public static async Task<TcpProbe> ConnectAsync(int port)
    {
        var probe = new TcpProbe();
        await probe.client.ConnectAsync("127.0.0.1", port);
        return probe;
    }

    /// <summary>Sends a line and returns what comes back, waiting as long as a wake may take.</summary>
    public async Task<string> EchoAsync(string text, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var stream = client.GetStream();
        var bytes = Encoding.ASCII.GetBytes(text);
        await stream.WriteAsync(bytes, timeout.Token);
        var buffer = new byte[bytes.Length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
