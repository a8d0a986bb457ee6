using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>Opens N connections that send nothing, prints "ready" and keeps them until stdin closes.</summary>
public static class IdleConnections
{
    public static async Task<int> RunAsync(string host, int port, int count)
    {
        var sockets = new List<Socket>(count);
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(host, port);
            sockets.Add(socket);
        }

        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        sockets.ForEach(s => s.Dispose());
        return 0;
    }
}
