using System.Net;
using System.Net.Sockets;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Valve;

namespace Gsp.DemoGame.Net;

/// <summary>
/// Echoes every datagram to its sender, except A2S_INFO queries, which get a real answer. One thread per port with
/// blocking calls and no allocation per echoed datagram, as a game server's network loop does: an async receive and
/// send per datagram (two thread-pool hops) echoed only a few thousand a second on a busy box, so a flood the sidecar
/// relayed (it cannot tell junk from play) overloaded the game before anything else.
/// </summary>
public sealed class UdpGameListener : IAsyncDisposable
{
    /// <summary>The largest UDP payload; anything smaller could truncate a datagram.</summary>
    private const int MaxDatagram = 65_535;

    /// <summary>Room for a burst: a tick's datagrams from every player arrive at once. A limit, not an allocation;
    /// the kernel caps it at net.core.rmem_max.</summary>
    private const int ReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>How often a receive that got nothing looks whether the listener is stopping.</summary>
    private static readonly TimeSpan StopCheck = TimeSpan.FromMilliseconds(250);

    private readonly Socket _socket;
    private readonly A2sResponder _a2s;
    private readonly GameLog _log;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IPEndPoint _local;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _stopping;

    public UdpGameListener(IPEndPoint bindTo, A2sResponder a2s, GameLog log)
    {
        _a2s = a2s;
        _log = log;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = ReceiveBufferBytes,
            ReceiveTimeout = (int)StopCheck.TotalMilliseconds,
        };
        _socket.Bind(bindTo);
        _local = (IPEndPoint)_socket.LocalEndPoint!;
        EndPoint = new ListenerEndpoint(TransportProtocol.Udp, _local);
    }

    public ListenerEndpoint EndPoint { get; }

    public void Start()
    {
        _receiveLoop = _finished.Task;
        new Thread(ReceiveLoop) { IsBackground = true, Name = $"udp {EndPoint}" }.Start();
    }

    private void ReceiveLoop()
    {
        try
        {
            var buffer = new byte[MaxDatagram];
            var sender = new SocketAddress(_socket.AddressFamily);
            while (!_stopping)
            {
                try
                {
                    var received = _socket.ReceiveFrom(buffer, SocketFlags.None, sender);
                    var datagram = buffer.AsSpan(0, received);
                    _socket.SendTo(Answer(datagram, sender) ?? datagram, SocketFlags.None, sender);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
                {
                }
                catch (SocketException ex) when (!_stopping)
                {
                    // ICMP errors from earlier replies surface here; one unreachable client must not stop the port.
                    _log.Write($"udp error on {EndPoint}: {ex.Message}");
                }
            }
        }
        catch (Exception ex) when (_stopping && ex is SocketException or ObjectDisposedException)
        {
            // Closed under the receive while stopping.
        }
        finally
        {
            _finished.TrySetResult();
        }
    }

    /// <summary>The A2S answer for a query, or null to echo. Only a connectionless packet (four 0xFF bytes, how every
    /// A2S request starts) may be a query, so an echoed datagram never needs its sender as an address.</summary>
    private byte[]? Answer(ReadOnlySpan<byte> datagram, SocketAddress sender)
    {
        if (datagram.Length < 5 || !datagram[..4].SequenceEqual((ReadOnlySpan<byte>)[0xFF, 0xFF, 0xFF, 0xFF]))
        {
            return null;
        }

        var from = (IPEndPoint)_local.Create(sender);
        var reply = _a2s.TryAnswer(datagram, from.Address);
        if (reply is not null)
        {
            _log.Write($"A2S_INFO query from {from} ({(reply[4] == A2sResponder.ChallengeHeader ? "challenge" : "info")})");
        }

        return reply;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _socket.Dispose();
        await _receiveLoop;
    }
}
