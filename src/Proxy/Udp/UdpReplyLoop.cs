using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Udp;

/// <summary>
/// One thread per UDP port that relays the game's replies for every session: it waits on all sessions' game
/// sockets with one epoll set and drains whichever are readable into one buffer. A session therefore costs a
/// socket, not a thread: a scanner sending one datagram from each of thousands of source ports cannot exhaust
/// the sidecar's pids (the cause of issue 14's crash), and a parked session holds no buffer.
/// A blocking thread rather than .NET's async sockets because an async receive needs a buffer per waiting
/// session and pays a thread-pool hop per wake-up, which at tens of thousands of replies a second is most of
/// the relay's CPU (bench/README.md). Linux only, like the container it runs in.
/// </summary>
internal sealed class UdpReplyLoop : IDisposable
{
    private const int MaxEvents = 256;

    /// <summary>Batches (<see cref="DatagramBatch.DefaultCapacity"/> datagrams each) read from one socket before the loop
    /// moves on, so one busy session cannot starve the rest; the socket stays readable (level-triggered) and is drained
    /// further on the next round.</summary>
    private const int DrainBatches = 4;

    /// <summary>How often a waiting loop looks at its stop flag; an idle sidecar wakes twice a second at most.</summary>
    private const int WaitTimeoutMs = 500;

    private readonly ConcurrentDictionary<ulong, (Socket Socket, IGameReplies Target)> registered = new();
    private readonly ThrottledLog failures;
    private readonly ProxyActivity activity;
    private readonly int epoll;
    private long nextId;
    private volatile bool stopping;
    private int closed;

    public UdpReplyLoop(ProxyActivity activity, ThrottledLog failures)
    {
        this.activity = activity;
        this.failures = failures;
        epoll = LinuxEpoll.Create();
        if (epoll < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    public int Count => registered.Count;

    /// <summary>Starts relaying the socket's datagrams to <paramref name="target"/>; the socket is made non-blocking.
    /// Throws <see cref="SocketException"/> if the kernel refuses (out of memory or watches).</summary>
    public ulong Register(Socket socket, IGameReplies target)
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

    public void Dispose() => stopping = true;

    private void Run(CancellationToken cancellationToken)
    {
        var events = new byte[MaxEvents * LinuxEpoll.EventSize];
        // Taken at the first reply, not at start: a sleeping server's port never relays one.
        DatagramBatch? batch = null;
        while (!stopping && !cancellationToken.IsCancellationRequested)
        {
            var count = LinuxEpoll.Wait(epoll, events, WaitTimeoutMs);
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

            for (var i = 0; i < count; i++)
            {
                if (registered.TryGetValue(LinuxEpoll.DataAt(events, i), out var entry))
                {
                    Drain(entry.Socket, entry.Target, batch ??= new DatagramBatch());
                }
            }
        }
    }

    private void Drain(Socket socket, IGameReplies target, DatagramBatch batch)
    {
        try
        {
            for (var n = 0; n < DrainBatches; n++)
            {
                var read = batch.Receive(socket, LinuxDatagrams.DontWait);
                if (read > 0)
                {
                    target.OnReplies(batch, read);
                    if (read < batch.Capacity)
                    {
                        return;
                    }

                    continue;
                }

                var error = read == 0 ? SocketError.WouldBlock : LinuxDatagrams.ToSocketError(-read);
                if (error is not (SocketError.WouldBlock or SocketError.Interrupted or SocketError.OperationAborted))
                {
                    target.OnError(error);
                }

                return;
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
            failures.Warn($"udp reply loop: relaying a reply failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void CloseEpoll()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            LinuxEpoll.Close(epoll);
        }
    }
}
