using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Udp;

/// <summary>
/// One client endpoint. It owns a socket connected to the game so the game sees one peer per client and
/// each reply can only belong to this client. Whether the game is up is learned from ICMP port-unreachable
/// (reported as ConnectionRefused on a connected UDP socket) or a failing DNS lookup. On a port whose game
/// protocol knows its queries (<paramref name="sleeping"/> set), a session of nothing but queries that finds the
/// game down never wakes it: the proxy answers them (A2S) or drops them (Minecraft), after a short grace in which
/// a game that is just coming up still gets them.
/// </summary>
internal sealed partial class UdpSession(
    IPEndPoint client,
    Socket listener,
    UdpRelayLoop replies,
    int upstreamPort,
    UpstreamResolver upstream,
    WakeCoordinator wake,
    ProxyActivity activity,
    ProxyLog log,
    TimeProvider time,
    TimeSpan holdTime,
    int bufferDatagrams,
    ByteBudget wakeBuffer,
    Action<UdpSession> onClosed,
    ISleepingUdp? sleeping = null)
{
    /// <summary>How long a session of queries waits, without waking anything, for a game that may be starting.</summary>
    public static readonly TimeSpan QueryGrace = TimeSpan.FromSeconds(2);

    /// <summary>After a probe datagram, how long an ICMP refusal may take to arrive before the game counts as up.
    /// ICMP on loopback or a bridge network arrives in well under a millisecond, but it reaches the session through
    /// the port's one reply loop, which a loaded host may not run for tens of milliseconds; a reply from the game
    /// ends the wait at once, so only a game that answers nothing pays the whole window, once per session.</summary>
    public static readonly TimeSpan ProbeWindow = TimeSpan.FromMilliseconds(250);

    private const int MaxDatagram = 65_535;

    /// <summary>Room for a burst of game replies to one client; a limit, not an allocation.</summary>
    private const int UpstreamReceiveBufferBytes = 4 * 1024 * 1024;

    /// <summary>Room for a burst of one client's datagrams to the game while the kernel still carries the last ones
    /// (a send that finds it full is dropped, not waited for); the default 208 KiB held a dozen segmented batches.</summary>
    private const int UpstreamSendBufferBytes = 1024 * 1024;

    // Guards state, socket and pending: the listener loop, the reply loop and the session's own loops all change them.
    private readonly Lock gate = new();
    private readonly BoundedDatagramQueue pending = new(bufferDatagrams, wakeBuffer);
    private readonly CancellationTokenSource closed = new();
    private UdpSessionState state = UdpSessionState.Waking;
    private Socket? game;
    private ulong gameReplies;
    private long lastActivityTicks = time.GetTimestamp();

    // Serialized once: replies go out through the shared listener socket without building an address each time.
    private readonly SocketAddress clientAddress = client.Serialize();

    public IPEndPoint Client => client;

    public TimeSpan IdleFor => time.GetElapsedTime(Volatile.Read(ref lastActivityTicks));

    public void Start(ReadOnlySpan<byte> firstDatagram)
    {
        activity.UdpSessionOpened();
        Enqueue(firstDatagram);
        _ = Task.Run(ConnectLoopAsync);
    }

    public void OnClientDatagram(ReadOnlySpan<byte> datagram)
    {
        Volatile.Write(ref lastActivityTicks, time.GetTimestamp());
        lock (gate)
        {
            OnClientDatagramLocked(datagram);
        }
    }

    /// <summary>Datagrams <paramref name="start"/>.. of the listener's batch, all from this client: relayed to the game
    /// with one system call while it is up, straight from the batch (no copy).</summary>
    public void OnClientDatagrams(DatagramBatch batch, int start, int count)
    {
        Volatile.Write(ref lastActivityTicks, time.GetTimestamp());
        lock (gate)
        {
            if (state == UdpSessionState.Relaying)
            {
                var sent = batch.SendConnected(game!, start, count);
                if (sent > 0)
                {
                    start += sent;
                    count -= sent;
                }
            }

            // Whatever did not go out in the batch takes the one-datagram path, which knows every state and error.
            for (var i = start; i < start + count; i++)
            {
                OnClientDatagramLocked(batch.Datagram(i));
            }
        }
    }

    private void OnClientDatagramLocked(ReadOnlySpan<byte> datagram)
    {
        switch (state)
        {
            case UdpSessionState.Relaying:
                // Straight from the listener's receive buffer: no copy while the game is up.
                var error = SendToGame(game!, datagram);
                if (error == SocketError.Success)
                {
                    return;
                }

                if (IsTransient(error))
                {
                    activity.UdpDropped(1);
                    return;
                }

                // Game went away (ICMP refused on a previous datagram): buffer and find it again.
                EnterWakingLocked();
                EnqueueLocked(datagram);
                _ = Task.Run(ConnectLoopAsync);
                return;
            case UdpSessionState.Waking:
                EnqueueLocked(datagram);
                return;
            case UdpSessionState.Refused when wake.RefusalReason is null:
                // The refusal's back-off is over: this datagram may ask again.
                EnterWakingLocked();
                EnqueueLocked(datagram);
                _ = Task.Run(ConnectLoopAsync);
                return;
            case UdpSessionState.Refused when TryAnswerLocked(datagram):
                return;
            default:
                activity.UdpDropped(1);
                return;
        }
    }

    public void Close()
    {
        lock (gate)
        {
            if (state == UdpSessionState.Closed)
            {
                return;
            }

            state = UdpSessionState.Closed;
            activity.UdpDropped(pending.Clear());
            DropGameLocked();
        }

        closed.Cancel();
        activity.UdpSessionClosed();
        onClosed(this);
    }

    private async Task ConnectLoopAsync()
    {
        var token = closed.Token;
        try
        {
            // A session of nothing but server-list queries never wakes the game: answered (or dropped) after a short
            // grace in which a game that is just coming up still gets them.
            var queryDeadline = time.GetUtcNow() + QueryGrace;
            var backoff = Backoff.ForGame();
            while (true)
            {
                if (await TryGoLiveAsync(token))
                {
                    wake.ReportUpstreamReachable();
                    return;
                }

                if (sleeping is null || !HoldsOnlyQueries())
                {
                    break;
                }

                if (TryAnswerQueriesWhileDown() || time.GetUtcNow() >= queryDeadline)
                {
                    Close();
                    return;
                }

                if (!await backoff.WaitAsync(time, token))
                {
                    return;
                }
            }

            activity.HoldStarted();
            WaitOutcome outcome;
            try
            {
                var clientGone = Task.Delay(Timeout.InfiniteTimeSpan, token);
                (outcome, _) = await new GameWait(wake, time).WaitAsync(
                    async t => await TryGoLiveAsync(t) ? this : null, clientGone, holdTime, CancellationToken.None);
            }
            finally
            {
                activity.HoldEnded();
            }

            switch (outcome)
            {
                case WaitOutcome.Refused:
                    EnterRefused();
                    break;
                case WaitOutcome.Expired:
                    log.Info($"udp client {client} gave up waiting for the game");
                    Close();
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The platform will not wake the game: drop what was held, answer the held queries as a sleeping server
    /// does, and stay refused (queries answered, the rest dropped) until the refusal's back-off is over.</summary>
    private void EnterRefused()
    {
        lock (gate)
        {
            if (state != UdpSessionState.Waking)
            {
                return;
            }

            state = UdpSessionState.Refused;
            while (pending.TryDequeue(out var datagram))
            {
                if (!TryAnswerLocked(datagram))
                {
                    activity.UdpDropped(1);
                }
            }
        }
    }

    /// <summary>Sends the protocol's own answer to a query while the game is down; false when there is none.</summary>
    private bool TryAnswerLocked(ReadOnlySpan<byte> datagram)
    {
        if (sleeping?.Answer(datagram, client) is not { } reply)
        {
            return false;
        }

        try
        {
            activity.ToClients(listener.SendTo(reply, SocketFlags.None, clientAddress));
        }
        catch (SocketException)
        {
            activity.UdpDropped(1);
        }

        return true;
    }

    /// <summary>Connects, sends the oldest buffered datagram as a probe and switches to relaying unless the game refuses it.</summary>
    private async Task<bool> TryGoLiveAsync(CancellationToken token)
    {
        var addresses = await upstream.ResolveAsync(token);
        if (addresses.Length == 0)
        {
            return false;
        }

        var socket = new Socket(addresses[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = UpstreamReceiveBufferBytes,
            SendBufferSize = UpstreamSendBufferBytes,
        };
        ulong replyId = 0;
        try
        {
            socket.Connect(addresses[0], upstreamPort);
            var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            byte[]? probe;
            replyId = replies.Register(socket, new GameReplies(this, socket, refused, answered));
            lock (gate)
            {
                if (state == UdpSessionState.Closed)
                {
                    return false;
                }

                pending.TryPeek(out probe);
                game = socket;
                gameReplies = replyId;
            }
            if (probe is not null)
            {
                ThrowIfFailed(SendToGame(socket, probe));
                // A reply proves the game is up at once; silence for the whole window only suggests it.
                await Task.WhenAny(refused.Task, answered.Task, Task.Delay(ProbeWindow, time, token));
                if (refused.Task.IsCompleted)
                {
                    return false;
                }
            }

            lock (gate)
            {
                if (state != UdpSessionState.Waking || game != socket)
                {
                    return state == UdpSessionState.Relaying;
                }

                if (probe is not null && pending.TryPeek(out var head) && ReferenceEquals(head, probe))
                {
                    pending.TryDequeue(out _);
                }

                while (pending.TryDequeue(out var datagram))
                {
                    var error = SendToGame(socket, datagram);
                    if (IsTransient(error))
                    {
                        activity.UdpDropped(1);
                        continue;
                    }

                    ThrowIfFailed(error);
                }

                state = UdpSessionState.Relaying;
                socket = null!;
                return true;
            }
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            if (socket is not null)
            {
                lock (gate)
                {
                    if (game == socket)
                    {
                        game = null;
                    }
                }

                replies.Unregister(replyId);
                socket.Dispose();
            }
        }
    }

    private bool HoldsOnlyQueries()
    {
        lock (gate)
        {
            return state == UdpSessionState.Waking && pending.AllMatch(d => sleeping!.IsQuery(d));
        }
    }

    /// <summary>Answers the held queries itself when the protocol has answers; false leaves them held.</summary>
    private bool TryAnswerQueriesWhileDown()
    {
        lock (gate)
        {
            if (state != UdpSessionState.Waking || !pending.AllMatch(d => sleeping!.Answer(d, client) is not null))
            {
                return false;
            }

            while (pending.TryDequeue(out var datagram))
            {
                TryAnswerLocked(datagram);
            }

            return true;
        }
    }

    private void EnterWakingLocked()
    {
        state = UdpSessionState.Waking;
        DropGameLocked();
    }

    /// <summary>Stops the reply loop reading the game socket before closing it, so a reused descriptor number is never
    /// mistaken for this session's.</summary>
    private void DropGameLocked()
    {
        if (game is null)
        {
            return;
        }

        replies.Unregister(gameReplies);
        game.Dispose();
        game = null;
    }

    private void Enqueue(ReadOnlySpan<byte> datagram)
    {
        lock (gate)
        {
            EnqueueLocked(datagram);
        }
    }

    private void EnqueueLocked(ReadOnlySpan<byte> datagram) => activity.UdpDropped(pending.Enqueue(datagram));
}
