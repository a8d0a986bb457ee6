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

    /// <summary>The server's unbilled running time (see <see cref="UsageMeter"/>); changes are persisted by the caller.</summary>
    private UsageMeter Meter => new(S, options.Value.BillingSlice);

    /// <summary>Opens a run: running time from <paramref name="at"/> on is billable. Persisted by the caller.</summary>
    private void BeginRun(DateTimeOffset at) => Meter.Begin(at);

    /// <summary>Closes the open run at <paramref name="at"/>; its tail is charged by the next billing pass. Persisted by the caller.</summary>
    private void EndRun(DateTimeOffset at) => Meter.End(at);

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
        var price = S.Game?.PricePerHour ?? 0;
        var exhausted = false;
        var meter = Meter;
        while (meter.NextDue(time.GetUtcNow(), S.Status == GameServerStatus.Running) is { } due)
        {
            if (due.Minutes > 0 && price > 0)
            {
                var charge = new UsageCharge(Id, due.Start, due.Minutes, price);
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

            meter.Charged(due);
            await state.WriteStateAsync();
        }

        if (exhausted && S.Status == GameServerStatus.Running && !Busy)
        {
            await StopForCreditsAsync();
        }

        return true;
    }
}
