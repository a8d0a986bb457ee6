using Gsp.GameServers;

namespace Gsp.Wallets;

public sealed partial class WalletGrain
{
    /// <summary>
    /// Appends one entry and persists it. Requests to this grain do not interleave (reads aside, which see
    /// only <see cref="view"/>), so the balance an entry is computed from cannot change while it is written.
    /// </summary>
    private async Task<LedgerEntry> AppendAsync(LedgerEntryKind kind, decimal amount, string description, string key, string? serverId, Guid? id = null)
    {
        var now = time.GetUtcNow();
        var entry = new LedgerEntry(id ?? Guid.CreateVersion7(now), now, kind, amount, description, key, view.Balance + amount, serverId);
        var exhaustedAt = S.ExhaustedAt;
        S.Entries.Add(entry);
        S.ExhaustedAt = entry.BalanceAfter > 0 ? null : exhaustedAt ?? now;
        await WriteOrUndoAsync(() =>
        {
            S.Entries.RemoveAt(S.Entries.Count - 1);
            S.ExhaustedAt = exhaustedAt;
        });

        byKey[key] = entry;
        Publish();
        LogEntry(logger, UserId, kind, amount, view.Balance);
        if (view.Exhausted)
        {
            LogExhausted(logger, UserId, view.Balance, view.Servers.Count);
            await NotifyServersAsync();
        }

        return entry;
    }

    private async Task ChangeServersAsync(Action<HashSet<string>> change, Action<HashSet<string>> undo)
    {
        change(S.Servers);
        await WriteOrUndoAsync(() => undo(S.Servers));
        Publish();
    }

    /// <summary>
    /// A failed write may still have reached the database (a timeout after commit), so the memory is
    /// undone and the activation dropped: the next request reloads whatever PostgreSQL really holds.
    /// </summary>
    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, UserId);
            undo();
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Replaces the read view with the state as now persisted; the balance is the ledger's sum, never stored.</summary>
    private void Publish() => view = new WalletView(
        S.Entries.Sum(e => e.Amount),
        S.ExhaustedAt,
        S.Servers.Order(StringComparer.Ordinal).ToArray(),
        S.Entries.Count);

    /// <summary>
    /// Tells every server of the user that the credits ran out, so each running one hibernates. The calls
    /// are one-way: the wallet never waits on a server (which may itself be waiting on this wallet to
    /// charge a slice). Sent after every persisted entry that leaves the balance at or below zero, and the
    /// servers' own billing ticks check the balance too, so a notice lost with a silo costs one tick at most.
    /// </summary>
    private Task NotifyServersAsync()
    {
        foreach (var serverId in view.Servers)
        {
            try
            {
                _ = GrainFactory.GetGrain<IGameServerGrain>(serverId).OnCreditsExhaustedAsync();
            }
            catch (Exception exception)
            {
                LogNotifyFailed(logger, exception, UserId, serverId);
            }
        }

        return Task.CompletedTask;
    }
}
