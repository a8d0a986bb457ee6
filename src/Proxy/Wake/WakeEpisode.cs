namespace Gsp.Proxy.Wake;

/// <summary>
/// One attempt to wake the game, shared by every client that finds it down while the attempt lasts.
/// It ends once: whichever of success, refusal, expiry or shutdown comes first wins.
/// </summary>
internal sealed class WakeEpisode
{
    private readonly TaskCompletionSource<WakeEpisodeEnd> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Never disposed on purpose: it has no timer, and disposing would race with late TryEnd calls.
    private readonly CancellationTokenSource endedToken = new();

    public Task<WakeEpisodeEnd> Ended => ended.Task;

    /// <summary>Cancelled when the episode ends, so its webhook retries stop at once.</summary>
    public CancellationToken EndedToken => endedToken.Token;

    public bool IsRefused => ended.Task.IsCompletedSuccessfully && ended.Task.Result == WakeEpisodeEnd.Refused;

    /// <summary>The platform's reason when the episode ended <see cref="WakeEpisodeEnd.Refused"/>.</summary>
    public string? RefusalReason { get; private set; }

    /// <summary>Ends the episode as refused, keeping the platform's reason for the players it releases.</summary>
    public bool Refuse(string? reason)
    {
        // Written before the end is published, so whoever sees the refusal sees its reason.
        RefusalReason = reason;
        return TryEnd(WakeEpisodeEnd.Refused);
    }

    public bool TryEnd(WakeEpisodeEnd reason)
    {
        if (!ended.TrySetResult(reason))
        {
            return false;
        }

        endedToken.Cancel();
        return true;
    }
}
