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
    private readonly Func<IPEndPoint, Socket, UdpReplyLoop, Action<UdpSession>, UdpSession> createSession;
    private readonly UdpReplyLoop replies;
    private readonly AddressQuota quota;
    private readonly int maxSessions;
    private readonly ThrottledLog overCap;
    private readonly ThrottledLog failures;
    private readonly ProxyActivity activity;
    private readonly TimeProvider time;
    private readonly TimeSpan idleTimeout;

    public UdpProxyListener(
        IPEndPoint endpoint,
        Func<IPEndPoint, Socket, UdpReplyLoop, Action<UdpSession>, UdpSession> createSession,
        ProxyActivity activity,
        TimeProvider time,
        TimeSpan idleTimeout,
        ProxyLimits limits,
        ProxyLog log)
    {
        this.createSession = createSession;
        maxSessions = limits.UdpSessionsPerListener;
        quota = new AddressQuota(limits.UdpSessionsPerListener, limits.UdpSessionsPerAddress);
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
        replies = new UdpReplyLoop(activity, failures);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Sessions open on this port.</summary>
    public int SessionCount => quota.Count;

    /// <summary>Relays the game's replies for every session of this port on one thread (see <see cref="UdpReplyLoop"/>).</summary>
    public Task ReplyLoopAsync(CancellationToken cancellationToken) =>
        replies.RunAsync($"udp replies {LocalEndPoint.Port}", cancellationToken);

    /// <summary>
    /// Runs the receive loop on a dedicated thread; the task ends when the token is cancelled or the listener is
    /// disposed. A blocking receive on its own thread costs one syscall per datagram, where an async receive
    /// adds an epoll wake-up and a thread-pool hop whenever the socket runs dry, which at tens of thousands of
    /// datagrams a second is most of the CPU the relay has.
    /// </summary>
    public Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(cancellationToken);
                finished.TrySetResult();
            }
            catch (Exception ex)
            {
                finished.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"udp {LocalEndPoint.Port}",
        };
        thread.Start();
        return finished.Task;
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

    private void ReceiveLoop(CancellationToken cancellationToken)
    {
        // A blocking receive does not watch the token: shutting the socket down is what wakes it (Linux wakes a
        // reader of an unconnected UDP socket on shutdown, though the call itself reports ENOTCONN).
        using var stop = cancellationToken.Register(static s => Stop((Socket)s!), socket);
        // Taken at the first datagram, not at start: a port nobody sends to holds no batch.
        DatagramBatch? batch = null;
        // Reused for every datagram: looking sessions up by the raw address allocates nothing per datagram.
        var source = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (batch is null)
            {
                // Wait for the first datagram without a batch (a zero-byte peek), so a sleeping port holds none.
                try
                {
                    socket.Receive(Span<byte>.Empty, SocketFlags.Peek);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException)
                {
                    // Nothing read; the cancellation check decides, the batch receive below reports real errors.
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                batch = new DatagramBatch();
            }

            var count = batch.Receive(socket, LinuxDatagrams.WaitForOne);
            if (count <= 0)
            {
                if (count == -9)
                {
                    break;
                }

                // 0 after a shutdown, EINTR, or an error a single bad datagram (or an ICMP report) caused: the port goes on.
                continue;
            }

            activity.FromClients(batch.Bytes(0, count));
            DispatchBatch(batch, count, source);
        }
    }

    /// <summary>Hands each run of datagrams from one client to its session at once; anything a datagram's dispatch
    /// throws loses that datagram only.</summary>
    private void DispatchBatch(DatagramBatch batch, int count, SocketAddress source)
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

    private static void Stop(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
            // ENOTCONN on an unconnected socket, after waking its readers all the same.
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private void Dispatch(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (sessions.TryGetValue(source, out var session))
        {
            session.OnClientDatagram(datagram);
            return;
        }

        // Checked before anything is allocated: a full port answers a flood of new endpoints without garbage.
        if (quota.Count >= maxSessions)
        {
            RefuseSession(QuotaVerdict.OverTotal, null);
            return;
        }

        var key = Copy(source);
        var client = (IPEndPoint)LocalEndPoint.Create(key);
        var verdict = quota.TryAcquire(client.Address);
        if (verdict != QuotaVerdict.Admitted)
        {
            RefuseSession(verdict, client);
            return;
        }

        UdpSession? created = null;
        try
        {
            created = createSession(client, socket, replies, closedSession =>
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

    private void RefuseSession(QuotaVerdict verdict, IPEndPoint? client)
    {
        activity.UdpDropped(1);
        activity.UdpSessionOverCap();
        overCap.Warn(verdict == QuotaVerdict.OverTotal
            ? $"udp {LocalEndPoint.Port}: {maxSessions} sessions open, the cap; dropping datagrams from new clients"
            : $"udp {LocalEndPoint.Port}: {client?.Address} has as many sessions as one address may; dropping datagrams from its new ports");
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    public void Dispose()
    {
        Stop(socket);
        replies.Dispose();
        foreach (var session in sessions.Values)
        {
            session.Close();
        }
    }
}
