using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// One client connection: connect to the game, or hold the client while the game wakes, then relay both
/// ways with half-close. Every release is a clean FIN so game clients show "server starting/unavailable"
/// rather than a connection-reset error.
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
    int holdBufferBytes)
{
    private static readonly Task Never = new TaskCompletionSource().Task;

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

            using var held = new HeldClient(client, holdBufferBytes, activity);
            activity.HoldStarted();
            try
            {
                game = await WaitForGameAsync(held, accepting);
            }
            finally
            {
                activity.HoldEnded();
            }

            var (bytes, end) = await held.StopAsync();
            if (game is null || end == HoldReadEnd.ClientFailed)
            {
                await ReleaseAsync(abort);
                return;
            }

            await SocketCopier.SendAllAsync(game, bytes, abort);
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

    private async Task<Socket?> WaitForGameAsync(HeldClient held, CancellationToken accepting)
    {
        using var expiry = new CancellationTokenSource(holdTime, time);
        var episode = wake.Join();
        while (true)
        {
            using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(accepting, expiry.Token);
            var waiting = watch.WaitAsync(waitCts.Token);
            var episodeEnd = episode.Ended.IsCompleted ? Never : episode.Ended;
            var first = await Task.WhenAny(waiting, episodeEnd, held.Failed);
            waitCts.Cancel();
            await Task.WhenAny(waiting);
            if (waiting.IsCompletedSuccessfully)
            {
                // Handed a live socket, or told the game is up: either way the hold is over unless it went down again.
                var game = waiting.Result ?? await upstream.TryConnectTcpAsync(upstreamPort, accepting);
                if (game is not null)
                {
                    wake.ReportUpstreamReachable();
                    return game;
                }

                continue;
            }

            if (first == held.Failed || accepting.IsCancellationRequested || expiry.IsCancellationRequested)
            {
                return null;
            }

            switch (episode.Ended.Result)
            {
                case WakeEpisodeEnd.Refused or WakeEpisodeEnd.ShuttingDown:
                    return null;
                case WakeEpisodeEnd.Expired:
                    // The shared episode started before this client arrived and ran out first: ask again.
                    episode = wake.Join();
                    break;
            }
        }
    }

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

        log.Info($"released held client {client.RemoteEndPoint}");
    }
}
