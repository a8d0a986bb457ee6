namespace Gsp.GameServers;

// How a power action ends, always: its work is retried from the start (every step is safe to repeat)
// with a doubling back-off while the engine fails it (or does not answer one call within ActionStepTimeout), for at most ActionRetryWindow; then the server goes
// to Failed with the reason, from which the owner can wake, hibernate or delete it. No transition state
// outlives its action.
public sealed partial class GameServerGrain
{
    /// <summary>The current attempt's step timer (see <see cref="Step"/>); null outside an action.</summary>
    private CancellationTokenSource? stepTimeout;

    /// <summary>The reconciliation pass's step timer, used by <see cref="Step"/> outside an action; null outside a pass.</summary>
    private CancellationTokenSource? checkTimeout;

    /// <summary>
    /// The token for the next engine call of a power action or a reconciliation pass: cancelled once that
    /// call has taken ActionStepTimeout, so a wedged engine fails the step instead of holding the grain.
    /// </summary>
    private CancellationToken Step
    {
        get
        {
            if ((stepTimeout ?? checkTimeout) is not { } timer)
            {
                return CancellationToken.None;
            }

            timer.CancelAfter(options.Value.ActionStepTimeout);
            return timer.Token;
        }
    }

    /// <summary>Whether a failed server's containers are still there to wake or stop (its action failed part-way).</summary>
    private bool CanRecover => S.FailedDuring is GameServerStatus.Starting or GameServerStatus.Stopping or GameServerStatus.BackingUp or GameServerStatus.Restoring;

    private async Task RunAsync(GameServerStatus transition, Func<Task> work)
    {
        var retry = options.Value;
        var giveUpAt = time.GetUtcNow() + retry.ActionRetryWindow;
        var delay = retry.ActionRetryFirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            using (var attemptTimeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time))
            {
                stepTimeout = attemptTimeout;
                try
                {
                    await work();
                    return;
                }
                catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested)
                {
                    reason = $"the engine did not answer within {retry.ActionStepTimeout}";
                    LogActionStepFailed(logger, Id, transition, attempt, reason);
                }
                catch (Gsp.Containers.ContainerRuntimeException ex)
                {
                    reason = ex.Message;
                    LogActionStepFailed(logger, Id, transition, attempt, reason);
                }
                catch (Exception ex)
                {
                    // Not the engine's refusal: a bug or the state store; logged with its stack.
                    reason = ex.Message;
                    LogActionStepFailedWithException(logger, ex, Id, transition, attempt);
                }
                finally
                {
                    stepTimeout = null;
                }
            }

            if (time.GetUtcNow() + delay > giveUpAt)
            {
                await FailAsync(transition, reason);
                return;
            }

            await Task.Delay(delay, time);
            delay = delay * 2 > retry.ActionRetryMaxDelay ? retry.ActionRetryMaxDelay : delay * 2;
        }
    }

    /// <summary>
    /// Ends an action that kept failing: Failed, with the reason for the owner. An action that had already
    /// reached its settled state (a step after it failed, such as billing) keeps that state.
    /// </summary>
    private async Task FailAsync(GameServerStatus transition, string reason)
    {
        if (S.Status != transition)
        {
            return;
        }

        LogActionFailed(logger, Id, transition, options.Value.ActionRetryWindow, reason);
        S.FailedDuring = transition == GameServerStatus.Creating ? GameServerStatus.None : transition;
        S.Backup = null;
        var what = transition switch
        {
            GameServerStatus.Creating => "deployment",
            GameServerStatus.Starting => "starting the game",
            GameServerStatus.Stopping => "stopping the game",
            GameServerStatus.Deleting => "deleting the server",
            GameServerStatus.BackingUp => "the backup",
            GameServerStatus.Restoring => "the restore",
            GameServerStatus.Moving => "finishing the move",
            _ => transition.ToString().ToLowerInvariant(),
        };
        var next = CanRecover ? "wake, hibernate or delete the server" : "delete the server";
        try
        {
            await MoveToAsync(GameServerStatus.Failed, $"{what} failed after retrying for {options.Value.ActionRetryWindow}: {reason}; {next}");
        }
        catch (Exception ex)
        {
            // The state store is down as well: the Failed state holds in memory, and a new activation
            // resumes the recorded transition from its start.
            LogActionStepFailedWithException(logger, ex, Id, transition, 0);
        }
    }
}
