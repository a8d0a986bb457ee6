using Gsp.Wallets;

namespace Gsp.GameServers;

// Usage billing. Running time is charged to the owner's wallet in slices of BillingSlice, each keyed by
// (server, slice start), so a tick that fires twice or a silo that resumes after a crash charges a slice
// once. A full slice is charged once it has passed; the last, shorter one when the run ends, in whole
// minutes (a started minute counts). Slice boundaries follow from persisted times only, so a retry after
// a crash asks for exactly the slice that may already have been charged, and the wallet recognises it.
// Only time the game container ran is billed: an open run is charged while the server is Running, and
// a run ends when the engine says the container stopped (GameServerGrain.Operations.cs, EndRunAtStop).
public sealed partial class GameServerGrain
{
    /// <summary>The billing pass under way; passes run one after another, never interleaved.</summary>
    private Task<bool> billing = Task.FromResult(true);

    private IWalletGrain Wallet => GrainFactory.GetGrain<IWalletGrain>(S.Request!.OwnerId);

    public async Task OnCreditsExhaustedAsync()
    {
        await SettleAsync();
        if (Busy && S.Status == GameServerStatus.Starting)
        {
            // Let the start finish, then stop it: a half-started game is not a state to leave behind.
            await operation;
        }

        if (S.Status == GameServerStatus.Running && !Busy)
        {
            await StopForCreditsAsync();
        }
    }

    /// <summary>Whether the owner may start something that costs credits; a refusal message when not.</summary>
    private async Task<GameServerResult?> RefuseWithoutCreditsAsync(string ownerId, string action)
    {
        if (await GrainFactory.GetGrain<IWalletGrain>(ownerId).CanSpendAsync())
        {
            return null;
        }

        LogNoCredits(logger, Id, ownerId, action);
        return GameServerResult.Refused(
            GameServerError.InsufficientCredits,
            $"add credits to {action} (the balance is at or below zero)",
            S.Status == GameServerStatus.None ? null : Info());
    }

    private async Task StopForCreditsAsync()
    {
        LogCreditsExhausted(logger, Id, S.Request!.OwnerId);
        await MoveToAsync(GameServerStatus.Stopping, "stopping: the owner's credits ran out");
        Begin(GameServerStatus.Stopping, () => StopGameAsync("asleep: the owner's credits ran out; add credits to wake it"));
    }

    /// <summary>Opens a run: running time from <paramref name="at"/> on is billable. Persisted by the caller.</summary>
    private void BeginRun(DateTimeOffset at)
    {
        S.RunningSince = at;
        if (S.Unbilled.Count == 0 || S.Unbilled[^1].EndedAt is not null)
        {
            S.Unbilled.Add(new RunTime { BilledUntil = at });
        }
    }

    /// <summary>Closes the open run at <paramref name="at"/>; its tail is charged by the next billing pass. Persisted by the caller.</summary>
    private void EndRun(DateTimeOffset at)
    {
        S.RunningSince = null;
        if (S.Unbilled.Count > 0 && S.Unbilled[^1] is { EndedAt: null } run)
        {
            run.EndedAt = at < run.BilledUntil ? run.BilledUntil : at;
        }
    }

    /// <summary>
    /// Charges every slice that is due, after any pass already under way. True when nothing due is left
    /// unpaid; false when the wallet could not be reached or refused, in which case the slices stay
    /// recorded and the next tick tries again.
    /// </summary>
    private Task<bool> BillAsync()
    {
        billing = AfterAsync(billing);
        return billing;

        async Task<bool> AfterAsync(Task<bool> previous)
        {
            await previous;
            return await BillDueSlicesAsync();
        }
    }

    private async Task<bool> BillDueSlicesAsync()
    {
        var slice = options.Value.BillingSlice;
        var price = S.Game?.PricePerHour ?? 0;
        var exhausted = false;
        while (S.Unbilled.Count > 0)
        {
            var run = S.Unbilled[0];
            if (run.EndedAt is null && S.Status != GameServerStatus.Running)
            {
                // An open run outside Running belongs to an action that is stopping the game (or failed
                // to): it is billed once closed at the container's stop time, never on to "now".
                break;
            }

            var due = (run.EndedAt ?? time.GetUtcNow()) - run.BilledUntil;
            int minutes;
            if (due >= slice)
            {
                minutes = options.Value.BillingSliceMinutes;
            }
            else if (run.EndedAt is not null)
            {
                minutes = (int)((due.Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute);
            }
            else
            {
                break;
            }

            if (minutes > 0 && price > 0)
            {
                var charge = new UsageCharge(Id, run.BilledUntil, minutes, price);
                WalletResult result;
                try
                {
                    result = await Wallet.ChargeUsageAsync(charge);
                }
                catch (Exception ex)
                {
                    LogBillingFailed(logger, ex, Id, charge.PeriodStart);
                    return false;
                }

                if (!result.Succeeded)
                {
                    LogChargeRefused(logger, Id, charge.PeriodStart, result.Error, result.Message);
                    return false;
                }

                exhausted |= result.Exhausted;
            }

            var billedUntil = run.BilledUntil + TimeSpan.FromMinutes(minutes);
            if (run.EndedAt is { } ended && billedUntil >= ended)
            {
                S.Unbilled.RemoveAt(0);
            }
            else
            {
                run.BilledUntil = billedUntil;
            }

            await state.WriteStateAsync();
        }

        if (exhausted && S.Status == GameServerStatus.Running && !Busy)
        {
            await StopForCreditsAsync();
        }

        return true;
    }
}
