using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Wake;

/// <summary>
/// Keeps at most one wake request in flight per server: clients that find the game down join the
/// current <see cref="WakeEpisode"/> instead of each calling the webhook. A new episode starts only
/// after the previous one ended, so a game that stops again after a successful wake is woken again.
/// </summary>
internal sealed class WakeCoordinator(IWakeBackend backend, TimeSpan holdTime, TimeProvider time, ProxyLog log, ProxyActivity activity)
{
    /// <summary>First retry delay after the backend is unavailable; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stopping = new();

    // Guards `current` so two clients arriving together cannot both start an episode (two webhook calls).
    private readonly Lock gate = new();
    private WakeEpisode? current;

    /// <summary>Returns the running episode, or starts one (and its webhook call) if none is running.</summary>
    public WakeEpisode Join()
    {
        lock (gate)
        {
            if (current is { Ended.IsCompleted: false })
            {
                return current;
            }

            var episode = new WakeEpisode();
            current = episode;
            if (stopping.IsCancellationRequested)
            {
                episode.TryEnd(WakeEpisodeEnd.ShuttingDown);
            }
            else
            {
                _ = Task.Run(() => RunAsync(episode));
            }

            return episode;
        }
    }

    /// <summary>True while a wake episode runs: the game has been asked to start and has not been reached yet.</summary>
    public bool IsWaking
    {
        get
        {
            lock (gate)
            {
                return current is { Ended.IsCompleted: false };
            }
        }
    }

    /// <summary>A client reached the game: the running episode (if any) succeeded. Cheap when none runs.</summary>
    public void ReportUpstreamReachable()
    {
        WakeEpisode? episode;
        lock (gate)
        {
            episode = current;
        }

        if (episode?.TryEnd(WakeEpisodeEnd.UpstreamReachable) == true)
        {
            log.Info("game is reachable, wake complete");
        }
    }

    public void Stop()
    {
        stopping.Cancel();
        lock (gate)
        {
            current?.TryEnd(WakeEpisodeEnd.ShuttingDown);
        }
    }

    private async Task RunAsync(WakeEpisode episode)
    {
        using var expiry = new CancellationTokenSource(holdTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, stopping.Token, episode.EndedToken);
        try
        {
            await RequestUntilAnsweredAsync(episode, linked.Token);
            await Task.Delay(Timeout.InfiniteTimeSpan, time, linked.Token);
        }
        catch (OperationCanceledException)
        {
        }

        if (episode.TryEnd(stopping.IsCancellationRequested ? WakeEpisodeEnd.ShuttingDown : WakeEpisodeEnd.Expired)
            && !stopping.IsCancellationRequested)
        {
            log.Warn($"game did not become reachable within {holdTime.TotalSeconds:0.#} s of the wake request");
        }
    }

    private async Task RequestUntilAnsweredAsync(WakeEpisode episode, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            activity.WakeRequested();
            var response = await backend.RequestWakeAsync(cancellationToken);
            switch (response.Kind)
            {
                case WakeResponseKind.Accepted:
                    log.Info($"wake requested: backend answered {response.StatusCode}");
                    return;
                case WakeResponseKind.Refused:
                    log.Warn($"wake refused: backend answered {response.StatusCode} ({response.Detail ?? "no detail"}); releasing held clients");
                    episode.TryEnd(WakeEpisodeEnd.Refused);
                    return;
                default:
                    var what = response.StatusCode == 0 ? response.Detail : $"status {response.StatusCode}";
                    log.Warn($"wake backend unavailable ({what}); retrying in {delay.TotalMilliseconds:0} ms");
                    await Task.Delay(delay, time, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                    break;
            }
        }
    }
}
