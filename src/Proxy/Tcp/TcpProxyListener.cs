using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Tcp;

/// <summary>Accepts clients on one port and starts a <see cref="TcpConnection"/> for each.</summary>
internal sealed class TcpProxyListener : IDisposable
{
    /// <summary>Room for a burst of players joining a freshly woken server.</summary>
    private const int Backlog = 512;

    private readonly Socket listener;
    private readonly Func<Socket, TcpConnection> createConnection;
    private readonly ConnectionTracker tracker;
    private readonly ProxyLog log;

    public TcpProxyListener(IPEndPoint endpoint, Func<Socket, TcpConnection> createConnection, ConnectionTracker tracker, ProxyLog log)
    {
        this.createConnection = createConnection;
        this.tracker = tracker;
        this.log = log;
        listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        listener.Listen(Backlog);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task AcceptLoopAsync(CancellationToken accepting, CancellationToken abort)
    {
        while (!accepting.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(accepting);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // EMFILE and friends: keep serving the clients we have rather than dying.
                log.Warn($"accept on {LocalEndPoint.Port}/tcp failed: {ex.SocketErrorCode}");
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                continue;
            }

            var connection = createConnection(client);
            tracker.Track(Task.Run(() => connection.RunAsync(accepting, abort), CancellationToken.None));
        }
    }

    public void Dispose() => listener.Dispose();
}
