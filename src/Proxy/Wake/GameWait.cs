namespace Gsp.Proxy.Wake;

/// <summary>
/// "Wait until the game answers, while a wake runs", for TCP and UDP alike: it joins the server's wake episode (one
/// webhook call for everyone), keeps trying to reach the game with a <see cref="Backoff"/>, asks again when an
/// episode expires while the client still waits, and ends with a <see cref="WaitOutcome"/> as soon as one is known.
/// </summary>
internal sealed class GameWait(WakeCoordinator wake, TimeProvider time)
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>How long the one try at the game may take before a held refusal is told: short, so a refused player
    /// still hears the reason within a second.</summary>
    private static readonly TimeSpan RefusedTry = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="reach"/> until it returns the game, which may take long (TCP's shared poller) or return
    /// null at once (a UDP probe, retried after the back-off).
    /// </summary>
    /// <param name="clientGone">Completes when the waiting client is gone.</param>
    /// <param name="patience">How long this client waits.</param>
    /// <param name="accepting">Cancelled when the proxy starts shutting down.</param>
    public async Task<(WaitOutcome Outcome, T? Game)> WaitAsync<T>(
        Func<CancellationToken, Task<T?>> reach, Task clientGone, TimeSpan patience, CancellationToken accepting)
        where T : class
    {
        using var expiry = new CancellationTokenSource(patience, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(accepting, expiry.Token);
        var stopped = Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
        var backoff = Backoff.ForGame();
        var episode = wake.Join();

        // A refusal held from before this client came: the game may have been started since (by its owner, say), so
        // it gets one short try before the client is told the reason. (A refusal that ends this client's own wait
        // needs none: the wait itself kept trying.)
        if (episode.Ended is { IsCompleted: true, Result: WakeEpisodeEnd.Refused } && await TryOnceAsync(reach, stop.Token) is { } started)
        {
            wake.ReportUpstreamReachable();
            return (WaitOutcome.Reachable, started);
        }

        while (true)
        {
            if (episode.Ended.IsCompleted)
            {
                switch (episode.Ended.Result)
                {
                    case WakeEpisodeEnd.Refused:
                        return (WaitOutcome.Refused, null);
                    case WakeEpisodeEnd.ShuttingDown:
                        return (WaitOutcome.ShuttingDown, null);
                    case WakeEpisodeEnd.Expired:
                        // The shared episode started before this client arrived and ran out first: ask again.
                        episode = wake.Join();
                        continue;
                }
            }

            var episodeEnd = episode.Ended.IsCompleted ? Never : episode.Ended;
            using var attemptStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var attempt = reach(attemptStop.Token);
            var first = await Task.WhenAny(attempt, episodeEnd, clientGone, stopped);
            if (first != attempt)
            {
                attemptStop.Cancel();
                await Task.WhenAny(attempt);
            }

            _ = attempt.Exception; // a probe that failed is only a game not yet up
            if (attempt.IsCompletedSuccessfully && attempt.Result is { } game)
            {
                wake.ReportUpstreamReachable();
                return (WaitOutcome.Reachable, game);
            }

            if (Ended(clientGone, accepting, expiry.Token) is { } outcome)
            {
                return (outcome, null);
            }

            if (first == attempt)
            {
                // Told the game is up but it was not (or a probe was refused): try again after the back-off, unless
                // the episode or the client ends first.
                await Task.WhenAny(Task.Delay(backoff.Next(), time, stop.Token), episodeEnd, clientGone);
                if (Ended(clientGone, accepting, expiry.Token) is { } late)
                {
                    return (late, null);
                }
            }
        }
    }

    private async Task<T?> TryOnceAsync<T>(Func<CancellationToken, Task<T?>> reach, CancellationToken stop)
        where T : class
    {
        using var limit = new CancellationTokenSource(RefusedTry, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop, limit.Token);
        try
        {
            return await reach(attempt.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private static WaitOutcome? Ended(Task clientGone, CancellationToken accepting, CancellationToken expiry) =>
        clientGone.IsCompleted ? WaitOutcome.ClientGone
        : accepting.IsCancellationRequested ? WaitOutcome.ShuttingDown
        : expiry.IsCancellationRequested ? WaitOutcome.Expired
        : null;
}
