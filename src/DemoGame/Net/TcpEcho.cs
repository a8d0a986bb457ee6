using System.Buffers;
using System.Net.Sockets;

namespace Gsp.DemoGame.Net;

/// <summary>Sends every received byte back until the client half-closes, then half-closes in turn.</summary>
public static class TcpEcho
{
    private const int BufferSize = 16 * 1024;

    public static async Task RunAsync(Socket socket, ReadOnlyMemory<byte> alreadyReceived, CancellationToken cancellationToken)
    {
        if (!alreadyReceived.IsEmpty)
        {
            await socket.SendAsync(alreadyReceived, SocketFlags.None, cancellationToken);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    // The client is done sending; everything it sent has been echoed, so finish our side too.
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
