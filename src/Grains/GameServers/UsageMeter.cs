namespace Gsp.GameServers;

/// <summary>
/// The running time of one server that is not billed yet (the persisted <see cref="GameServerState.Unbilled"/>
/// runs, oldest first), and which slice of it is due. Slice bounds follow from the persisted times only, so a
/// pass retried after a crash asks for exactly the slice it may already have charged. Pure bookkeeping: the
/// caller charges the wallet and persists.
/// </summary>
internal sealed class UsageMeter(GameServerState state, TimeSpan slice)
{
    private List<RunTime> Runs => state.Unbilled;

    /// <summary>Whether a run is open: the game was started and its stop is not recorded yet.</summary>
    public bool HasOpenRun => Runs is [.., { EndedAt: null }];

    /// <summary>Whether any running time is left to charge.</summary>
    public bool IsEmpty => Runs.Count == 0;

    /// <summary>Opens a run: running time from <paramref name="at"/> on is billable. An open run stays open.</summary>
    public void Begin(DateTimeOffset at)
    {
        state.RunningSince = at;
        if (!HasOpenRun)
        {
            Runs.Add(new RunTime { BilledUntil = at });
        }
    }

    /// <summary>Closes the open run at <paramref name="at"/> (never before what is already billed); its tail is due next.</summary>
    public void End(DateTimeOffset at)
    {
        state.RunningSince = null;
        if (Runs is [.., { EndedAt: null } run])
        {
            run.EndedAt = at < run.BilledUntil ? run.BilledUntil : at;
        }
    }

    /// <summary>
    /// The next slice to charge at <paramref name="now"/>, or null when none is due: a whole slice once it has
    /// passed, and a closed run's last, shorter one in whole minutes (a started minute counts). An open run
    /// is charged only while the game runs (<paramref name="running"/>); one left open by a stop under way is
    /// charged once closed at the container's stop time, never on to "now".
    /// </summary>
    public DueSlice? NextDue(DateTimeOffset now, bool running)
    {
        if (Runs.Count == 0)
        {
            return null;
        }

        var run = Runs[0];
        if (run.EndedAt is null && !running)
        {
            return null;
        }

        var due = (run.EndedAt ?? now) - run.BilledUntil;
        if (due >= slice)
        {
            return new DueSlice(run.BilledUntil, (int)slice.TotalMinutes);
        }

        return run.EndedAt is null
            ? null
            : new DueSlice(run.BilledUntil, (int)((due.Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute));
    }

    /// <summary>Records <paramref name="charged"/> (from <see cref="NextDue"/>) as billed; a closed run billed to its end is dropped.</summary>
    public void Charged(DueSlice charged)
    {
        var run = Runs[0];
        var billedUntil = run.BilledUntil + TimeSpan.FromMinutes(charged.Minutes);
        if (run.EndedAt is { } ended && billedUntil >= ended)
        {
            Runs.RemoveAt(0);
        }
        else
        {
            run.BilledUntil = billedUntil;
        }
    }
}

/// <summary>A slice of running time to charge: from <paramref name="Start"/>, <paramref name="Minutes"/> long (0 for a run that ended where it was billed).</summary>
internal readonly record struct DueSlice(DateTimeOffset Start, int Minutes);
