using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;
using Gsp.Proxy.Minecraft;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// One client connection: connect to the game, or hold the client while the game wakes, then relay both
/// ways with half-close. Every release is a clean FIN so game clients show "server starting/unavailable"
/// rather than a connection-reset error. On a Minecraft port (<paramref name="minecraft"/> set) a client that
/// finds the game down is first greeted by the proxy: only a login is held and wakes the game, and a login the
/// game cannot take within <paramref name="loginTimeout"/> ends with a Minecraft Disconnect message.
/// </summary>
internal sealed class TcpConnection(
    Socket client,
    int upstreamPort,
    UpstreamResolver upstream,
    UpstreamWatch watch,
    WakeCoordinator wake,
    ProxyActivity activity,
    ProxyLog log,
    TimeProvider time,
    TimeSpan holdTime,
    int holdBufferBytes,
    SleepingMinecraft? minecraft = null,
    TimeSpan loginTimeout = default,
    ByteBudget? heldBytes = null)
{
    /// <summary>How long a non-Minecraft client on a Minecraft port waits for the game to be up without waking it.</summary>
    public static readonly TimeSpan NonMinecraftGrace = TimeSpan.FromSeconds(2);

    /// <summary>After our FIN, how long to read and discard the client's leftovers so close() sends no RST.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <param name="accepting">Cancelled when shutdown starts: held clients are released at once.</param>
    /// <param name="abort">Cancelled when the shutdown grace ends: relays are cut.</param>
    public async Task RunAsync(CancellationToken accepting, CancellationToken abort)
    {
        activity.TcpOpened();
        Socket? game = null;
        try
        {
            client.NoDelay = true;
            game = await upstream.TryConnectTcpAsync(upstreamPort, abort);
            if (game is not null)
            {
                wake.ReportUpstreamReachable();
                await RelayAsync(game, abort);
                return;
            }

            byte[] greeting = [];
            if (minecraft is not null)
            {
                var greeted = await minecraft.GreetAsync(client, accepting);
                if (!greeted.IsLogin)
                {
                    // Not Minecraft: never a reason to wake. But the game may simply have been a moment from
                    // listening (just started by the platform), so it is relayed if it comes up within the grace.
                    game = greeted.Intent == MinecraftIntent.Invalid ? await TryReachWithoutWakeAsync(accepting) : null;
                    if (game is null)
                    {
                        await ReleaseAsync(abort);
                        return;
                    }

                    await SocketCopier.SendAllAsync(game, greeted.Held, abort);
                    await RelayAsync(game, abort);
                    return;
                }

                greeting = greeted.Held;
            }

            using var held = new HeldClient(client, holdBufferBytes, activity, greeting, heldBytes);
            activity.HoldStarted();
            WaitOutcome outcome;
            try
            {
                (outcome, game) = await WaitForGameAsync(held, accepting, minecraft is null ? holdTime : loginTimeout);
            }
            finally
            {
                activity.HoldEnded();
            }

            var (bytes, end) = await held.StopAsync();
            if (game is null || end == HoldReadEnd.ClientFailed)
            {
                if (minecraft is not null && end != HoldReadEnd.ClientFailed)
                {
                    // A login the game could not take: tell the player why instead of a bare timeout.
                    var message = outcome == WaitOutcome.Refused ? SleepingMinecraft.RefusedKick(wake.RefusalReason) : SleepingMinecraft.StartingKick;
                    await SleepingMinecraft.KickAsync(client, message, abort);
                    log.Info($"ended login of {client.RemoteEndPoint}: {message}");
                }

                log.Info($"releasing held client {client.RemoteEndPoint} ({outcome})");
                await ReleaseAsync(abort);
                return;
            }

            await SocketCopier.SendAllAsync(game, bytes, abort);
            // Handed over: the held bytes are the game's now, so their share of the hold budget goes back at once,
            // not when this connection ends hours later.
            held.Dispose();
            if (end == HoldReadEnd.ClientFinished)
            {
                game.Shutdown(SocketShutdown.Send);
                await RelayOneWayAsync(game, abort);
                return;
            }

            await RelayAsync(game, abort);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the game went away mid-way, or the grace period ended: closing both is all that is left.
        }
        finally
        {
            game?.Dispose();
            client.Dispose();
            activity.TcpClosed();
        }
    }

    private async Task<Socket?> TryReachWithoutWakeAsync(CancellationToken accepting)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(accepting);
        grace.CancelAfter(NonMinecraftGrace);
        try
        {
            var game = await watch.WaitAsync(grace.Token) ?? await upstream.TryConnectTcpAsync(upstreamPort, accepting);
            if (game is not null)
            {
                wake.ReportUpstreamReachable();
            }

            return game;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The game's socket once it answers, or how the wait ended without it.</summary>
    private Task<(WaitOutcome Outcome, Socket? Game)> WaitForGameAsync(HeldClient held, CancellationToken accepting, TimeSpan patience) =>
        new GameWait(wake, time).WaitAsync(
            async token => await watch.WaitAsync(token) ?? await upstream.TryConnectTcpAsync(upstreamPort, token),
            held.Failed,
            patience,
            accepting);

    private async Task RelayAsync(Socket game, CancellationToken abort)
    {
        var up = SocketCopier.CopyAsync(client, game, activity.FromClients, abort);
        var down = SocketCopier.CopyAsync(game, client, activity.ToClients, abort);
        var first = await Task.WhenAny(up, down);
        if (first.Result != CopyResult.Completed)
        {
            // One side failed: the other direction can never complete cleanly, so unblock it now.
            client.Dispose();
            game.Dispose();
        }

        await Task.WhenAll(up, down);
    }

    private async Task RelayOneWayAsync(Socket game, CancellationToken abort) =>
        await SocketCopier.CopyAsync(game, client, activity.ToClients, abort);

    /// <summary>Half-closes, then reads and discards what the client still sends so the close sends no RST.</summary>
    private async Task ReleaseAsync(CancellationToken abort)
    {
        try
        {
            client.Shutdown(SocketShutdown.Send);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(abort);
            drain.CancelAfter(DrainTimeout);
            var scratch = new byte[1024];
            while (await client.ReceiveAsync(scratch, SocketFlags.None, drain.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
