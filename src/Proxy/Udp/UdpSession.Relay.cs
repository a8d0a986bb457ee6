using System.Buffers;
using System.Net.Sockets;

namespace Gsp.Proxy.Udp;

/// <summary>The hot path of a live session: the game's replies back to the client, and sends to the game.</summary>
internal sealed partial class UdpSession
{
    /// <summary>
    /// Relays the game's replies to the client on the session's own thread until the socket is closed. A blocking
    /// receive costs one syscall per reply; the async version measured ~25 % slower end to end because every
    /// reply that found the socket empty paid an epoll wake-up plus a thread-pool hop (see bench/README.md).
    /// A parked thread costs only its touched stack, which is why the stack is kept small.
    /// </summary>
    private void ReplyLoop(Socket socket, TaskCompletionSource refused, TaskCompletionSource answered)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (true)
            {
                var read = socket.Receive(buffer);
                if (read == 0 && Volatile.Read(ref game) != socket)
                {
                    // Closing the socket wakes the blocked receive with an empty read, not an exception.
                    return;
                }

                answered.TrySetResult();
                Volatile.Write(ref lastActivityTicks, time.GetTimestamp());
                try
                {
                    activity.ToClients(listener.SendTo(buffer.AsSpan(0, read), SocketFlags.None, clientAddress));
                }
                catch (SocketException)
                {
                    // The client side refused this one reply; the game is fine, so keep relaying.
                    activity.UdpDropped(1);
                }
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            refused.TrySetResult();
            lock (gate)
            {
                if (state == UdpSessionState.Relaying && game == socket)
                {
                    log.Info($"udp game port {upstreamPort} stopped answering; holding client {client}");
                    EnterWakingLocked();
                    _ = Task.Run(ConnectLoopAsync);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed by the session (idle, shutdown, game gone): the loop's work is over.
            refused.TrySetResult();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static SocketError SendToGame(Socket socket, ReadOnlySpan<byte> datagram)
    {
        socket.Send(datagram, SocketFlags.None, out var error);
        return error;
    }

    /// <summary>A full send queue drops this datagram, as the network would; it says nothing about the game.</summary>
    private static bool IsTransient(SocketError error) =>
        error is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable;

    private static void ThrowIfFailed(SocketError error)
    {
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }
}
