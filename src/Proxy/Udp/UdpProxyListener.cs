using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Udp;

/// <summary>Receives client datagrams on one port and hands each to the session for its source endpoint.</summary>
internal sealed class UdpProxyListener : IDisposable
{
    private const int MaxDatagram = 65_535;

    /// <summary>Kernel buffer for the shared client-facing socket: every session's traffic funnels through it,
    /// so bursts (a tick's worth of datagrams from many players) need room; the kernel caps it at rmem_max/wmem_max.</summary>
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Socket socket;
    private readonly ConcurrentDictionary<IPEndPoint, UdpSession> sessions = new();
    private readonly Func<IPEndPoint, Socket, Action<UdpSession>, UdpSession> createSession;
    private readonly ProxyActivity activity;
    private readonly TimeProvider time;
    private readonly TimeSpan idleTimeout;

    public UdpProxyListener(
        IPEndPoint endpoint,
        Func<IPEndPoint, Socket, Action<UdpSession>, UdpSession> createSession,
        ProxyActivity activity,
        TimeProvider time,
        TimeSpan idleTimeout)
    {
        this.createSession = createSession;
        this.activity = activity;
        this.time = time;
        this.idleTimeout = idleTimeout;
        socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
        };
        socket.Bind(endpoint);
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException)
            {
                // A single bad datagram (or an ICMP error some stacks report here) must not stop the port.
                continue;
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            var datagram = buffer.AsSpan(0, received.ReceivedBytes);
            activity.FromClients(received.ReceivedBytes);
            if (sessions.TryGetValue(client, out var session))
            {
                session.OnClientDatagram(datagram);
                continue;
            }

            session = createSession(client, socket, closedSession => sessions.TryRemove(closedSession.Client, out _));
            sessions[client] = session;
            session.Start(datagram);
        }
    }

    /// <summary>Closes sessions idle longer than the timeout; checked a few times per timeout so expiry is timely.</summary>
    public async Task ExpireIdleLoopAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var session in sessions.Values)
                {
                    if (session.IdleFor >= idleTimeout)
                    {
                        session.Close();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        foreach (var session in sessions.Values)
        {
            session.Close();
        }
    }
}
