using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame.Net;

/// <summary>Accepts TCP connections and runs each as a <see cref="TcpConnection"/> until shutdown.</summary>
public sealed class TcpGameListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DemoOptions _options;
    private readonly PlayerRegistry _players;
    private readonly GameLog _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TcpGameListener(IPEndPoint bindTo, DemoOptions options, PlayerRegistry players, GameLog log)
    {
        _options = options;
        _players = players;
        _log = log;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(bindTo);
        _socket.Listen(backlog: 128);
        EndPoint = new ListenerEndpoint(TransportProtocol.Tcp, (IPEndPoint)_socket.LocalEndPoint!);
    }

    public ListenerEndpoint EndPoint { get; }

    public void Start() => _acceptLoop = AcceptLoopAsync(_stopping.Token);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that resets before accept completes is its problem, not the listener's.
                _log.Write($"accept failed on {EndPoint}: {ex.Message}");
                continue;
            }

            client.NoDelay = true;
            var connection = new TcpConnection(client, _options, _players, _log).RunAsync(cancellationToken);
            _connections.TryAdd(connection, true);
            _ = connection.ContinueWith(
                static (done, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(done, out _),
                _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Stops accepting, cancels every connection and waits (bounded) for them to close.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _acceptLoop;
        await Task.WhenAll(_connections.Keys).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
