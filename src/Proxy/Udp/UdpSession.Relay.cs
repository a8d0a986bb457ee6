using System.Net.Sockets;

namespace Gsp.Proxy.Udp;

/// <summary>The hot path of a live session: the game's replies back to the client, and sends to the game.</summary>
internal sealed partial class UdpSession
{
    /// <summary>
    /// The game's replies to this client, read on the port's <see cref="UdpRelayLoop"/> thread: no thread of its own,
    /// so a session costs a socket and a few objects. The loop sends them through the shared listener socket together
    /// with the replies of the other sessions ready at the same time.
    /// </summary>
    private sealed class GameReplies(UdpSession session, Socket socket, TaskCompletionSource refused, TaskCompletionSource answered) : IReplySink
    {
        public void OnReplies(DatagramBatch batch, int start, int count)
        {
            answered.TrySetResult();
            session.AddressReplies(batch, start, count);
        }

        /// <summary>ConnectionRefused is ICMP port-unreachable: the game stopped. Any other error on a connected
        /// socket (host unreachable: the container is gone) means the same for this session.</summary>
        public void OnError(SocketError error)
        {
            refused.TrySetResult();
            session.OnGameGone(socket, error);
        }
    }

    /// <summary>Addresses the replies to the client, serialized once at the session's start.</summary>
    private void AddressReplies(DatagramBatch batch, int start, int count)
    {
        Volatile.Write(ref lastActivityTicks, time.GetTimestamp());
        batch.Address(start, count, clientAddress.Buffer.Span[..clientAddress.Size]);
    }

    private void OnGameGone(Socket socket, SocketError error)
    {
        lock (gate)
        {
            if (state != UdpSessionState.Relaying || game != socket)
            {
                return;
            }

            log.Info($"udp game port {upstreamPort} stopped answering ({error}); holding client {client}");
            EnterWakingLocked();
            _ = Task.Run(ConnectLoopAsync);
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
