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
    private readonly ConcurrentDictionary<SocketAddress, UdpSession> sessions = new();
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
        // A blocking receive does not watch the token; closing the socket is what wakes it.
        using var stop = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        // Reused for every datagram: looking sessions up by the raw address allocates nothing per datagram.
        var source = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int read;
            try
            {
                read = socket.ReceiveFrom(buffer, SocketFlags.None, source);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException)
            {
                // A single bad datagram (or an ICMP error some stacks report here) must not stop the port.
                continue;
            }

            var datagram = buffer.AsSpan(0, read);
            activity.FromClients(read);
            if (sessions.TryGetValue(source, out var session))
            {
                session.OnClientDatagram(datagram);
                continue;
            }

            var key = Copy(source);
            var client = (IPEndPoint)LocalEndPoint.Create(key);
            session = createSession(client, socket, closedSession => sessions.TryRemove(KeyValuePair.Create(key, closedSession)));
            sessions[key] = session;
            session.Start(datagram);
        }
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
        foreach (var session in sessions.Values)
        {
            session.Close();
        }
    }
}
