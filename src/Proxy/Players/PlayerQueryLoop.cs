using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Players;

/// <summary>
/// Queries the game once per period while it answers and records the result. While it does not (the server sleeps),
/// the wait doubles up to <see cref="UnansweredPeriodCap"/>: each query of a sleeping game is a lookup of its name
/// that the engine's DNS fails (and may forward to the host's resolvers), and a host of 500 sleeping servers asked
/// 50 a second. A client that reaches the game, or the platform reading <c>/activity</c> (it does while it runs the
/// game, and while its owner watches the server's page), ends such a wait at once (<see cref="Nudge"/>): a woken game's
/// first reading does not wait for the back-off.
/// </summary>
internal sealed class PlayerQueryLoop(IPlayerQuery query, PlayerCensus census, TimeSpan period, TimeProvider time, ProxyLog log)
{
    /// <summary>The longest wait between queries of a game that does not answer (never below the period).</summary>
    public static readonly TimeSpan UnansweredPeriodCap = TimeSpan.FromMinutes(1);

    private TaskCompletionSource nudged = NewSignal();

    /// <summary>The game was reached, or its player count is wanted: a query waiting out the back-off of an unanswered
    /// game runs now. Does nothing while the game answers (a crowd of clients connecting must not turn into a query
    /// each).</summary>
    public void Nudge() => Volatile.Read(ref nudged).TrySetResult();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var unanswered = 0;
        var wasUp = false;
        try
        {
            while (true)
            {
                var reading = await query.QueryAsync(cancellationToken);
                if (reading is null)
                {
                    census.RecordUnreachable();
                }
                else
                {
                    census.Record(reading);
                }

                if (reading is not null != wasUp)
                {
                    wasUp = reading is not null;
                    log.Info(reading is null
                        ? "player query: game not answering"
                        : $"player query: game answers ({(reading.CountsKnown ? $"{reading.Online}/{reading.MaxPlayers} players" : "no player count")}, {reading.GameState})");
                }

                unanswered = reading is null ? unanswered + 1 : 0;
                await WaitAsync(WaitAfter(unanswered), unanswered > 0, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The period while the game answers; after the n-th unanswered query in a row, the period times
    /// 2^(n - 1), at most <see cref="UnansweredPeriodCap"/> (or the period, if longer).</summary>
    public TimeSpan WaitAfter(int unanswered)
    {
        var cap = period > UnansweredPeriodCap ? period : UnansweredPeriodCap;
        var wait = period;
        for (var i = 1; i < unanswered && wait < cap; i++)
        {
            wait *= 2;
        }

        return wait < cap ? wait : cap;
    }

    private async Task WaitAsync(TimeSpan wait, bool nudgeable, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref nudged);
        if (nudgeable)
        {
            using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.Delay(wait, time, stopTimer.Token), signal.Task);
            // Synchronously: stopping the timer is trivial, and CancelAsync would queue the rest of this loop behind
            // whatever else the thread pool has to do.
            stopTimer.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
        else
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        // A nudge is spent by the wait it ended, or ignored while the game answered.
        if (signal.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref nudged, NewSignal(), signal);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
