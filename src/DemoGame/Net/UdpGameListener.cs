using System.Net;
using System.Net.Sockets;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Valve;

namespace Gsp.DemoGame.Net;

/// <summary>Echoes every datagram to its sender, except A2S_INFO queries, which get a real answer.</summary>
public sealed class UdpGameListener : IAsyncDisposable
{
    /// <summary>The largest UDP payload; anything smaller could truncate a datagram.</summary>
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly A2sResponder _a2s;
    private readonly GameLog _log;
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiveLoop = Task.CompletedTask;

    public UdpGameListener(IPEndPoint bindTo, A2sResponder a2s, GameLog log)
    {
        _a2s = a2s;
        _log = log;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bindTo);
        EndPoint = new ListenerEndpoint(TransportProtocol.Udp, (IPEndPoint)_socket.LocalEndPoint!);
    }

    public ListenerEndpoint EndPoint { get; }

    public void Start() => _receiveLoop = ReceiveLoopAsync(_stopping.Token);

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint anySender = new IPEndPoint(
            _socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, anySender, cancellationToken);
                var sender = (IPEndPoint)received.RemoteEndPoint;
                var datagram = buffer.AsMemory(0, received.ReceivedBytes);
                var reply = _a2s.TryAnswer(datagram.Span, sender.Address);
                if (reply is not null)
                {
                    _log.Write($"A2S_INFO query from {sender} ({(reply[4] == A2sResponder.ChallengeHeader ? "challenge" : "info")})");
                }

                await _socket.SendToAsync(reply ?? datagram, SocketFlags.None, sender, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // ICMP errors from earlier replies surface here; one unreachable client must not stop the port.
                _log.Write($"udp error on {EndPoint}: {ex.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _receiveLoop;
        _stopping.Dispose();
    }
}
