using System.Net.Sockets;

namespace Gsp.DemoGame.Net;

/// <summary>
/// Bytes received on a connection but not yet consumed. Sniffing the handshake and reading Minecraft
/// packets share it, so bytes a client sent together with its handshake are never lost.
/// </summary>
public sealed class InboundBuffer(Socket socket, int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _count;

    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(0, _count);

    /// <summary>Receives more bytes; false when the peer closed its send side or the buffer is full.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_count == _buffer.Length)
        {
            return false;
        }

        var received = await socket.ReceiveAsync(_buffer.AsMemory(_count), SocketFlags.None, cancellationToken);
        _count += received;
        return received > 0;
    }

    public void Consume(int count)
    {
        _buffer.AsSpan(count, _count - count).CopyTo(_buffer);
        _count -= count;
    }
}
