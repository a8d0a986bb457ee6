using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Wake;

/// <summary>
/// Keeps at most one wake request in flight per server: clients that find the game down join the
/// current <see cref="WakeEpisode"/> instead of each calling the webhook. A new episode starts only
/// after the previous one ended, so a game that stops again after a successful wake is woken again.
/// After a refusal, clients that arrive within <paramref name="refusalBackoff"/> (or the answer's <c>Retry-After</c>,
/// when longer) join the refused episode and are told its reason at once, without another webhook call.
/// </summary>
internal sealed class WakeCoordinator(IWakeBackend backend, TimeSpan holdTime, TimeProvider time, ProxyLog log, ProxyActivity activity, TimeSpan refusalBackoff)
{
    /// <summary>First retry delay after the backend is unavailable; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stopping = new();

    // Guards current, notBefore and refusedUntil, so two clients arriving together cannot both start an episode
    // (two webhook calls).
    private readonly Lock gate = new();
    private WakeEpisode? current;
    private DateTimeOffset notBefore = DateTimeOffset.MinValue;
    private DateTimeOffset refusedUntil = DateTimeOffset.MinValue;

    /// <summary>Returns the running episode, the refused one while its back-off lasts, or starts one (and its webhook
    /// call).</summary>
    public WakeEpisode Join()
    {
        lock (gate)
        {
            if (current is { Ended.IsCompleted: false } || (current is { IsRefused: true } && time.GetUtcNow() < refusedUntil))
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
                var wait = notBefore - time.GetUtcNow();
                _ = Task.Run(() => RunAsync(episode, wait > TimeSpan.Zero ? wait : TimeSpan.Zero));
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

    /// <summary>The platform's reason while its refusal holds (new clients are told it without a webhook call);
    /// null otherwise.</summary>
    public string? RefusalReason
    {
        get
        {
            lock (gate)
            {
                return current is { IsRefused: true } && time.GetUtcNow() < refusedUntil ? current.RefusalReason : null;
            }
        }
    }

    /// <summary>Raised by <see cref="ReportUpstreamReachable"/>, on the reporting client's thread; handlers return at once.</summary>
    public event Action? UpstreamReachable;

    /// <summary>
    /// A client reached the game: the running episode (if any) succeeded, and a refusal still held is over (the game
    /// was started since, by its owner say), so the next client is relayed instead of told the old reason. Cheap when
    /// no episode runs.
    /// </summary>
    public void ReportUpstreamReachable()
    {
        UpstreamReachable?.Invoke();
        WakeEpisode? episode;
        lock (gate)
        {
            episode = current;
            refusedUntil = DateTimeOffset.MinValue;
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

    private async Task RunAsync(WakeEpisode episode, TimeSpan firstDelay)
    {
        using var expiry = new CancellationTokenSource(holdTime, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, stopping.Token, episode.EndedToken);
        try
        {
            if (firstDelay > TimeSpan.Zero)
            {
                // The last answer said when to ask again (Retry-After): the clients wait, the webhook is spared.
                await Task.Delay(firstDelay, time, linked.Token);
            }

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
        var backoff = new Backoff(FirstRetryDelay, MaxRetryDelay);
        while (true)
        {
            activity.WakeRequested();
            var response = await backend.RequestWakeAsync(cancellationToken);
            switch (response.Kind)
            {
                case WakeAnswerKind.Accepted:
                    log.Info($"wake requested: backend answered {response.StatusCode}");
                    return;
                case WakeAnswerKind.Refused:
                    var pause = Max(refusalBackoff, response.RetryAfter);
                    lock (gate)
                    {
                        refusedUntil = time.GetUtcNow() + pause;
                        notBefore = refusedUntil;
                    }

                    log.Warn($"wake refused: backend answered {response.StatusCode} ({response.Detail ?? "no detail"}); "
                        + $"releasing held clients, not asking again for {pause.TotalSeconds:0.#} s");
                    episode.Refuse(response.Detail);
                    return;
                default:
                    var delay = Max(backoff.Next(), response.RetryAfter);
                    if (response.RetryAfter is not null)
                    {
                        lock (gate)
                        {
                            notBefore = time.GetUtcNow() + delay;
                        }
                    }

                    var what = response.StatusCode == 0 ? response.Detail : $"status {response.StatusCode}";
                    log.Warn($"wake backend unavailable ({what}); retrying in {delay.TotalMilliseconds:0} ms");
                    await Task.Delay(delay, time, cancellationToken);
                    break;
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan? b) => b is { } other && other > a ? other : a;
}
