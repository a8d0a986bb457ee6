using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// Accepts clients on one port and starts a <see cref="TcpConnection"/> for each, within the proxy's connection
/// caps (<see cref="ProxyLimits.TcpConnections"/> in all, <see cref="ProxyLimits.TcpConnectionsPerAddress"/> per
/// source address, shared by every TCP port): a client over a cap is closed at once and counted. No failure to
/// accept or to start a connection (descriptors, memory, threads) ends the loop.
/// </summary>
internal sealed class TcpProxyListener : IDisposable
{
    /// <summary>Room for a burst of players joining a freshly woken server.</summary>
    private const int Backlog = 512;

    /// <summary>After a failed accept (EMFILE: out of descriptors), how long to let connections finish before trying again.</summary>
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Socket listener;
    private readonly Func<Socket, TcpConnection> createConnection;
    private readonly ConnectionTracker tracker;
    private readonly AddressQuota quota;
    private readonly ProxyActivity activity;
    private readonly ThrottledLog overCap;
    private readonly ThrottledLog failures;

    public TcpProxyListener(
        IPEndPoint endpoint,
        Func<Socket, TcpConnection> createConnection,
        ConnectionTracker tracker,
        AddressQuota quota,
        ProxyActivity activity,
        ProxyLog log,
        TimeProvider time)
    {
        this.createConnection = createConnection;
        this.tracker = tracker;
        this.quota = quota;
        this.activity = activity;
        overCap = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
        failures = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
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
            catch (Exception ex)
            {
                // EMFILE, out of memory and friends: keep serving the clients we have rather than dying.
                activity.ResourceFailure();
                failures.Warn($"accept on {LocalEndPoint.Port}/tcp failed: {Describe(ex)}");
                await Task.Delay(AcceptRetryDelay, CancellationToken.None);
                continue;
            }

            Admit(client, accepting, abort);
        }
    }

    public void Dispose() => listener.Dispose();

    private void Admit(Socket client, CancellationToken accepting, CancellationToken abort)
    {
        IPAddress? acquired = null;
        try
        {
            var address = ((IPEndPoint)client.RemoteEndPoint!).Address;
            var verdict = quota.TryAcquire(address);
            if (verdict != QuotaVerdict.Admitted)
            {
                activity.TcpConnectionOverCap();
                overCap.Warn((LocalEndPoint.Port, verdict, address), static s => s.verdict == QuotaVerdict.OverTotal
                    ? $"tcp {s.Port}: the proxy holds as many connections as it may; closing new ones"
                    : $"tcp {s.Port}: {s.address} has as many connections as one address may; closing its new ones");
                // Linger 0: a reset frees the descriptor and the kernel's state at once; a flood gets no FIN handshake.
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                return;
            }

            acquired = address;
            var connection = createConnection(client);
            var running = Task.Run(() => connection.RunAsync(accepting, abort), CancellationToken.None);
            running.ContinueWith(
                (_, state) => ((AddressQuota)state!).Release(address),
                quota,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            acquired = null;
            tracker.Track(running);
        }
        catch (Exception ex)
        {
            // The client vanished before we looked (RemoteEndPoint throws), or no memory for its state: drop it alone.
            if (acquired is not null)
            {
                quota.Release(acquired);
            }

            client.Dispose();
            activity.ResourceFailure();
            failures.Warn($"tcp {LocalEndPoint.Port}: dropped a new connection: {Describe(ex)}");
        }
    }

    private static string Describe(Exception ex) => ex is SocketException socket ? socket.SocketErrorCode.ToString() : $"{ex.GetType().Name}: {ex.Message}";
}
