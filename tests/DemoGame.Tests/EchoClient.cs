using System.Net;
using System.Net.Sockets;

namespace Gsp.DemoGame.Tests;

/// <summary>A TCP client that proves it is connected (and so counted as a player) by an echoed greeting.</summary>
public static class EchoClient
{
    public static async Task<Socket> ConnectAsPlayerAsync(IPEndPoint server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        // Two bytes, because any single printable byte could still be the length prefix of a Minecraft
        // handshake and the server would wait for more before deciding to echo.
        await socket.SendAsync("hi"u8.ToArray());
        var echoed = new byte[2];
        var received = 0;
        while (received < echoed.Length)
        {
            received += await socket.ReceiveAsync(echoed.AsMemory(received));
        }

        Assert.Equal("hi"u8.ToArray(), echoed);
        return socket;
    }

    public static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        int count;
        while ((count = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, count);
        }

        return received.ToArray();
    }
}
