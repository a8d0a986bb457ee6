using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Udp;

/// <summary>
/// One thread per UDP port that relays both ways for every session: it waits on the port's client-facing socket and
/// all sessions' game sockets with one epoll set and drains whichever are readable, a batch of datagrams per system
/// call (<see cref="DatagramBatch"/>) into one set of slots; the replies of all sessions ready in one round go back to
/// their clients in one system call. A session therefore costs a socket, not a thread: a scanner
/// sending one datagram from each of thousands of source ports cannot exhaust the sidecar's pids (the cause of
/// issue 14's crash), and a parked session holds no buffer. One thread for both directions because the sidecar has
/// at most one CPU: a second thread adds wake-ups and context switches, not throughput; at rest it waits without a
/// timeout.
/// A blocking thread rather than .NET's async sockets because an async receive needs a buffer per waiting
/// session and pays a thread-pool hop per wake-up, which at tens of thousands of replies a second is most of
/// the relay's CPU (bench/README.md). Linux only, like the container it runs in.
/// </summary>
internal sealed class UdpRelayLoop : IDisposable
{
    private const int MaxEvents = 256;

    /// <summary>Batches (<see cref="DatagramBatch.DefaultCapacity"/> datagrams each) read from one socket before the loop
    /// moves on, so one busy session cannot starve the rest; the socket stays readable (level-triggered) and is drained
    /// further on the next round.</summary>
    private const int DrainBatches = 4;

    /// <summary>The epoll data of the stop signal; session ids start at 1.</summary>
    private const ulong StopSignal = 0;

    /// <summary>Each registered socket with its <see cref="IDatagramSink"/> (the client-facing socket) or
    /// <see cref="IReplySink"/> (a session's game socket).</summary>
    private readonly ConcurrentDictionary<ulong, (Socket Socket, object Target)> registered = new();
    private readonly Socket clientSocket;
    private readonly ThrottledLog failures;
    private readonly ProxyActivity activity;
    private readonly int epoll;

    /// <summary>An eventfd in the epoll set: the loop waits without a timeout (a sleeping server's port never wakes
    /// it) and stopping signals it.</summary>
    private readonly int stopSignal;
    private readonly Lock closing = new();
    private long nextId;
    private volatile bool stopping;
    private int closed;

    /// <param name="clientSocket">The port's client-facing socket, which every session's replies go out through.</param>
    public UdpRelayLoop(Socket clientSocket, ProxyActivity activity, ThrottledLog failures)
    {
        this.clientSocket = clientSocket;
        this.activity = activity;
        this.failures = failures;
        epoll = LinuxEpoll.Create();
        if (epoll < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        stopSignal = LinuxEpoll.CreateSignal();
        if (stopSignal < 0 || LinuxEpoll.Watch(epoll, stopSignal, LinuxEpoll.In, StopSignal) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            LinuxEpoll.Close(epoll);
            if (stopSignal >= 0)
            {
                LinuxEpoll.Close(stopSignal);
            }

            throw new SocketException(error);
        }
    }

    public int Count => registered.Count;

    /// <summary>Starts relaying the socket's datagrams to <paramref name="target"/>; the socket is made non-blocking.
    /// Throws <see cref="SocketException"/> if the kernel refuses (out of memory or watches).</summary>
    public ulong Register(Socket socket, IDatagramSink target) => Register(socket, (object)target);

    /// <summary>Starts reading a session's game socket; its replies go to the client through the client-facing socket.</summary>
    public ulong Register(Socket socket, IReplySink target) => Register(socket, (object)target);

    private ulong Register(Socket socket, object target)
    {
        var id = (ulong)Interlocked.Increment(ref nextId);
        socket.Blocking = false;
        registered[id] = (socket, target);
        var added = false;
        socket.SafeHandle.DangerousAddRef(ref added);
        try
        {
            if (LinuxEpoll.Watch(epoll, (int)socket.SafeHandle.DangerousGetHandle(), LinuxEpoll.In, id) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                registered.TryRemove(id, out _);
                throw new SocketException(error);
            }
        }
        finally
        {
            if (added)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }

        return id;
    }

    /// <summary>Stops relaying for <paramref name="id"/>; call before disposing the socket. Idempotent.</summary>
    public void Unregister(ulong id)
    {
        if (!registered.TryRemove(id, out var entry))
        {
            return;
        }

        var added = false;
        try
        {
            entry.Socket.SafeHandle.DangerousAddRef(ref added);
            LinuxEpoll.Unwatch(epoll, (int)entry.Socket.SafeHandle.DangerousGetHandle());
        }
        catch (ObjectDisposedException)
        {
            // Already closed: the kernel dropped the watch with the descriptor.
        }
        finally
        {
            if (added)
            {
                entry.Socket.SafeHandle.DangerousRelease();
            }
        }
    }

    /// <summary>Runs the loop on its own thread until <paramref name="cancellationToken"/> fires or the loop is disposed.</summary>
    public Task RunAsync(string name, CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(cancellationToken);
                finished.TrySetResult();
            }
            catch (Exception ex)
            {
                finished.TrySetException(ex);
            }
            finally
            {
                CloseEpoll();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return finished.Task;
    }

    public void Dispose()
    {
        stopping = true;
        SignalStop();
    }

    /// <summary>Wakes the loop; never writes to a descriptor already closed (its number may belong to another file by now).</summary>
    private void SignalStop()
    {
        lock (closing)
        {
            if (closed == 0)
            {
                LinuxEpoll.Signal(stopSignal);
            }
        }
    }

    private void Run(CancellationToken cancellationToken)
    {
        var events = new byte[MaxEvents * LinuxEpoll.EventSize];
        // Taken at the first datagram, not at start: a sleeping server's port never relays one.
        DatagramBatch? batch = null;
        DatagramBatch? replies = null;
        using var stop = cancellationToken.Register(static s => ((UdpRelayLoop)s!).SignalStop(), this);
        while (!stopping && !cancellationToken.IsCancellationRequested)
        {
            var count = LinuxEpoll.Wait(epoll, events, -1);
            if (count < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LinuxEpoll.EINTR)
                {
                    failures.Warn($"udp reply loop: epoll_wait failed with errno {errno}");
                    Thread.Sleep(10);
                }

                continue;
            }

            var gathered = 0;
            for (var i = 0; i < count; i++)
            {
                if (registered.TryGetValue(LinuxEpoll.DataAt(events, i), out var entry))
                {
                    switch (entry.Target)
                    {
                        case IReplySink session:
                            gathered = Gather(entry.Socket, session, replies ??= new DatagramBatch(), gathered);
                            break;
                        case IDatagramSink client:
                            Drain(entry.Socket, client, batch ??= new DatagramBatch());
                            break;
                    }
                }
            }

            if (gathered > 0)
            {
                SendGathered(replies!, gathered);
            }
        }
    }

    private void Drain(Socket socket, IDatagramSink target, DatagramBatch batch)
    {
        try
        {
            for (var n = 0; n < DrainBatches; n++)
            {
                var read = batch.Receive(socket, LinuxDatagrams.DontWait);
                if (read > 0)
                {
                    target.OnDatagrams(batch, read);
                    if (read < batch.Capacity)
                    {
                        return;
                    }

                    continue;
                }

                if (ReadFailure(read) is { } error)
                {
                    target.OnError(error);
                }

                return;
            }
        }
        catch (ObjectDisposedException)
        {
            // The port closed between the event and the read.
        }
        catch (Exception ex)
        {
            // Nothing one batch of client datagrams does may stop the port.
            activity.ResourceFailure();
            failures.Warn(ex, static e => $"udp relay loop: relaying client datagrams failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Reads a session's replies into <paramref name="replies"/> after the <paramref name="gathered"/> slots
    /// already taken by other sessions this round (sending them first when the batch is full); returns the slots
    /// taken now.</summary>
    private int Gather(Socket socket, IReplySink session, DatagramBatch replies, int gathered)
    {
        try
        {
            for (var n = 0; n < DrainBatches; n++)
            {
                if (gathered == replies.Capacity)
                {
                    SendGathered(replies, gathered);
                    gathered = 0;
                }

                var room = replies.Capacity - gathered;
                var read = replies.Receive(socket, LinuxDatagrams.DontWait, gathered);
                if (read > 0)
                {
                    session.OnReplies(replies, gathered, read);
                    gathered += read;
                    if (read < room)
                    {
                        return gathered;
                    }

                    continue;
                }

                if (ReadFailure(read) is { } error)
                {
                    session.OnError(error);
                }

                return gathered;
            }
        }
        catch (ObjectDisposedException)
        {
            // The session closed this socket between the event and the read.
        }
        catch (Exception ex)
        {
            // Nothing a single session does may stop the replies of all the others.
            activity.ResourceFailure();
            failures.Warn(ex, static e => $"udp relay loop: reading a reply failed: {e.GetType().Name}: {e.Message}");
        }

        return gathered;
    }

    /// <summary>
    /// Sends the gathered replies of all sessions through the client-facing socket in one system call (more only when
    /// one fails). A full send buffer drops the rest, as the network would; any other error belongs to that reply's
    /// client, so only that reply is dropped and the others still go.
    /// </summary>
    private void SendGathered(DatagramBatch replies, int count)
    {
        var start = 0;
        while (start < count)
        {
            var sent = replies.SendAddressed(clientSocket, start, count - start);
            if (sent > 0)
            {
                activity.ToClients(replies.Bytes(start, sent));
                start += sent;
                continue;
            }

            var error = LinuxDatagrams.ToSocketError(-sent);
            var dropped = error is SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable or SocketError.OperationAborted ? count - start : 1;
            activity.UdpDropped(dropped);
            start += dropped;
        }
    }

    /// <summary>What a read that returned no datagram (<paramref name="read"/>: 0 or -errno) tells the socket's owner;
    /// null when nothing was queued any more, the read was interrupted, or the socket was closed under it.</summary>
    private static SocketError? ReadFailure(int read)
    {
        var error = read == 0 ? SocketError.WouldBlock : LinuxDatagrams.ToSocketError(-read);
        return error is SocketError.WouldBlock or SocketError.Interrupted or SocketError.OperationAborted ? null : error;
    }

    private void CloseEpoll()
    {
        lock (closing)
        {
            if (Interlocked.Exchange(ref closed, 1) == 0)
            {
                LinuxEpoll.Close(epoll);
                LinuxEpoll.Close(stopSignal);
            }
        }
    }
}
