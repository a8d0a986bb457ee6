using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Udp;

/// <summary>
/// Receives client datagrams on one port and hands each to the session for its source endpoint. New endpoints get
/// a session only within the port's caps (<see cref="ProxyLimits.UdpSessionsPerListener"/> and
/// <see cref="ProxyLimits.UdpSessionsPerAddress"/>); over a cap the datagram is dropped and counted, and no failure
/// to create a session (descriptors, memory) stops the port: the datagram is dropped, the others are served.
/// </summary>
internal sealed class UdpProxyListener : IDisposable
{
    /// <summary>Kernel buffer for the shared client-facing socket: every session's traffic funnels through it,
    /// so bursts (a tick's worth of datagrams from many players) need room; the kernel caps it at rmem_max/wmem_max.</summary>
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Socket socket;
    private readonly ConcurrentDictionary<SocketAddress, UdpSession> sessions = new();
    private readonly Func<IPEndPoint, Socket, UdpRelayLoop, Action<UdpSession>, UdpSession> createSession;
    private readonly UdpRelayLoop relays;
    private readonly AddressQuota quota;
    private readonly RefusedAddressMemo refusedAddress;
    private readonly int maxSessions;
    private readonly ThrottledLog overCap;
    private readonly ThrottledLog failures;
    private readonly ProxyActivity activity;
    private readonly TimeProvider time;
    private readonly TimeSpan idleTimeout;

    /// <summary>Reused for every datagram on the relay loop's thread: looking sessions up by the raw address allocates
    /// nothing per datagram.</summary>
    private readonly SocketAddress source;

    public UdpProxyListener(
        IPEndPoint endpoint,
        Func<IPEndPoint, Socket, UdpRelayLoop, Action<UdpSession>, UdpSession> createSession,
        ProxyActivity activity,
        TimeProvider time,
        TimeSpan idleTimeout,
        ProxyLimits limits,
        ProxyLog log)
    {
        this.createSession = createSession;
        maxSessions = limits.UdpSessionsPerListener;
        quota = new AddressQuota(limits.UdpSessionsPerListener, limits.UdpSessionsPerAddress);
        refusedAddress = new RefusedAddressMemo(quota);
        overCap = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
        failures = new ThrottledLog(log, time, ThrottledLog.DefaultInterval);
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
        source = new SocketAddress(socket.AddressFamily);
        relays = new UdpRelayLoop(socket, activity, failures);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Sessions open on this port.</summary>
    public int SessionCount => quota.Count;

    /// <summary>Relays both directions for every session of this port on one thread (see <see cref="UdpRelayLoop"/>);
    /// the task ends when the token is cancelled or the listener is disposed.</summary>
    public Task RelayLoopAsync(CancellationToken cancellationToken)
    {
        relays.Register(socket, new ClientDatagrams(this));
        return relays.RunAsync($"udp {LocalEndPoint.Port}", cancellationToken);
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

    /// <summary>The client-facing socket's datagrams, as the relay loop reads them.</summary>
    private sealed class ClientDatagrams(UdpProxyListener listener) : IDatagramSink
    {
        public void OnDatagrams(DatagramBatch batch, int count)
        {
            listener.activity.FromClients(batch.Bytes(0, count));
            listener.DispatchBatch(batch, count);
        }

        /// <summary>An unconnected socket reports nothing a client did wrong; it stays registered and is read again.</summary>
        public void OnError(SocketError error)
        {
        }
    }

    /// <summary>Hands each run of datagrams from one client to its session at once; anything a datagram's dispatch
    /// throws loses that datagram only.</summary>
    private void DispatchBatch(DatagramBatch batch, int count)
    {
        var i = 0;
        while (i < count)
        {
            var name = batch.Name(i);
            var end = i + 1;
            while (end < count && batch.Name(end).SequenceEqual(name))
            {
                end++;
            }

            try
            {
                name.CopyTo(source.Buffer.Span);
                source.Size = name.Length;
                if (sessions.TryGetValue(source, out var session))
                {
                    session.OnClientDatagrams(batch, i, end - i);
                }
                else
                {
                    for (var k = i; k < end; k++)
                    {
                        Dispatch(batch.Datagram(k), source);
                    }
                }
            }
            catch (Exception ex)
            {
                // Out of memory for a datagram's copy, a socket call failing in a way nobody expected: these
                // datagrams are lost, the port and every other session keep going.
                activity.UdpDropped(end - i);
                activity.ResourceFailure();
                failures.Warn($"udp {LocalEndPoint.Port}: dropped {end - i} datagram(s): {ex.GetType().Name}: {ex.Message}");
            }

            i = end;
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (sessions.TryGetValue(source, out var session))
        {
            session.OnClientDatagram(datagram);
            return;
        }

        // Checked before anything is allocated: a full port, or an address already at its cap, answers a flood of new
        // endpoints without garbage.
        if (quota.Count >= maxSessions)
        {
            RefuseSession(QuotaVerdict.OverTotal, null);
            return;
        }

        if (refusedAddress.Refuses(source))
        {
            RefuseSession(QuotaVerdict.OverAddress, refusedAddress.Address);
            return;
        }

        var key = Copy(source);
        var client = (IPEndPoint)LocalEndPoint.Create(key);
        var verdict = quota.TryAcquire(client.Address);
        if (verdict != QuotaVerdict.Admitted)
        {
            if (verdict == QuotaVerdict.OverAddress)
            {
                refusedAddress.Remember(source, client.Address);
            }

            RefuseSession(verdict, client.Address);
            return;
        }

        UdpSession? created = null;
        try
        {
            created = createSession(client, socket, relays, closedSession =>
            {
                sessions.TryRemove(KeyValuePair.Create(key, closedSession));
                quota.Release(client.Address);
            });
            sessions[key] = created;
            created.Start(datagram);
        }
        catch (Exception ex)
        {
            if (created is null)
            {
                quota.Release(client.Address);
            }
            else
            {
                created.Close();
            }

            activity.UdpDropped(1);
            activity.ResourceFailure();
            failures.Warn($"udp {LocalEndPoint.Port}: no session for {client}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void RefuseSession(QuotaVerdict verdict, IPAddress? address)
    {
        activity.UdpDropped(1);
        activity.UdpSessionOverCap();
        overCap.Warn((LocalEndPoint.Port, maxSessions, verdict, address), static s => s.verdict == QuotaVerdict.OverTotal
            ? $"udp {s.Port}: {s.maxSessions} sessions open, the cap; dropping datagrams from new clients"
            : $"udp {s.Port}: {s.address} has as many sessions as one address may; dropping datagrams from its new ports");
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    public void Dispose()
    {
        socket.Dispose();
        relays.Dispose();
        foreach (var session in sessions.Values)
        {
            session.Close();
        }
    }
}
