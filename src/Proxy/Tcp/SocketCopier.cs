using System.Buffers;
using System.Net.Sockets;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// One direction of a relay, shaped like YARP's StreamCopier: a zero-byte read waits for data so an idle
/// connection holds no buffer; the pooled buffer is kept only while data keeps arriving. Writes are awaited
/// before the next read, so a slow reader on one side slows the sender on the other (back-pressure).
/// </summary>
internal static class SocketCopier
{
    /// <summary>Large enough for full-speed bulk transfers, small enough that 1000 busy relays stay under 128 MiB.</summary>
    public const int BufferSize = 64 * 1024;

    /// <summary>Relays <paramref name="source"/> to <paramref name="destination"/> kernel-side where splice(2) works, else through a pooled buffer.</summary>
    public static Task<CopyResult> CopyAsync(Socket source, Socket destination, Action<int> onBytes, CancellationToken cancellationToken) =>
        SpliceCopier.IsAvailable
            ? SpliceCopier.CopyAsync(source, destination, onBytes, cancellationToken)
            : ManagedCopyAsync(source, destination, onBytes, cancellationToken);

    public static async Task<CopyResult> ManagedCopyAsync(Socket source, Socket destination, Action<int> onBytes, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    if (buffer is null)
                    {
                        await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                        buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                    }

                    read = await source.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return CopyResult.Canceled;
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return cancellationToken.IsCancellationRequested ? CopyResult.Canceled : CopyResult.SourceFailed;
                }

                if (read == 0)
                {
                    try
                    {
                        destination.Shutdown(SocketShutdown.Send);
                        return CopyResult.Completed;
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        return CopyResult.DestinationFailed;
                    }
                }

                try
                {
                    await SendAllAsync(destination, buffer.AsMemory(0, read), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return CopyResult.Canceled;
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return cancellationToken.IsCancellationRequested ? CopyResult.Canceled : CopyResult.DestinationFailed;
                }

                onBytes(read);
                if (source.Available == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public static async ValueTask SendAllAsync(Socket destination, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var sent = await destination.SendAsync(data, SocketFlags.None, cancellationToken);
            data = data[sent..];
        }
    }
}
