using Gsp.Storage;
using Gsp.Time;

namespace Gsp.Wallets;

/// <inheritdoc cref="IWalletGrain"/>
public sealed partial class WalletGrain(
    [PersistentState("wallet", GrainStorageNames.Default)] IPersistentState<WalletState> state,
    IPaymentProvider payments,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    ILogger<WalletGrain> logger) : Grain, IWalletGrain
{
    /// <summary>Entries by idempotency key, derived from the ledger on activation.</summary>
    private readonly Dictionary<string, LedgerEntry> byKey = new(StringComparer.Ordinal);

    private WalletView view = new(0m, null, [], 0);

    private WalletState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in S.Entries)
        {
            byKey[entry.IdempotencyKey] = entry;
        }

        Publish();
        return Task.CompletedTask;
    }

    public async Task<WalletResult> ChargeUsageAsync(UsageCharge charge)
    {
        if (WalletRules.Check(charge) is { } problem)
        {
            return Refuse(problem);
        }

        if (byKey.TryGetValue(charge.IdempotencyKey, out var first))
        {
            return new WalletResult(WalletError.None, "This period was already charged.", first, view.Balance, view.Exhausted, AlreadyCharged: true);
        }

        var description = $"{charge.Minutes} min of {charge.ServerId} at {WalletRules.Format(charge.PricePerHour)}/h from {charge.PeriodStart.UtcDateTime:u}";
        var entry = await AppendAsync(LedgerEntryKind.UsageCharge, -charge.Cost, description, charge.IdempotencyKey, charge.ServerId);
        return Done(entry);
    }

    public async Task<WalletResult> DepositAsync(Deposit deposit)
    {
        if (WalletRules.Check(deposit) is { } problem)
        {
            return Refuse(problem);
        }

        var key = WalletKeys.Payment(deposit.PaymentReference);
        if (byKey.TryGetValue(key, out var credited))
        {
            return Refuse(new(WalletError.DuplicateReference, $"Payment {deposit.PaymentReference} was already credited on {credited.At.UtcDateTime:u}."), credited);
        }

        var verification = await payments.VerifyAsync(UserId, deposit, CancellationToken.None);
        if (!verification.Accepted)
        {
            return Refuse(new(WalletError.PaymentDeclined, verification.Message));
        }

        var entry = await AppendAsync(LedgerEntryKind.Deposit, deposit.Amount, $"Deposit, payment {deposit.PaymentReference}", key, null);
        return Done(entry);
    }

    public async Task<WalletResult> GrantAsync(decimal amount, string adminId, string reason)
    {
        if (WalletRules.CheckGrant(amount, adminId, reason) is { } problem)
        {
            return Refuse(problem);
        }

        // Only usage may put a user in debt, by one slice at most; a correction that overshoots is a mistake.
        if (view.Balance + amount < 0)
        {
            return Refuse(new(WalletError.InsufficientBalance,
                $"Removing {WalletRules.Format(-amount)} would take the balance of {WalletRules.Format(view.Balance)} below zero."));
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var entry = await AppendAsync(LedgerEntryKind.Adjustment, amount, $"Adjustment by {adminId}: {reason}", WalletKeys.Grant(id), null, id);
        return Done(entry);
    }

    public Task<bool> CanSpendAsync() => Task.FromResult(!view.Exhausted);

    public Task AddServerAsync(string serverId) =>
        S.Servers.Contains(serverId) ? Task.CompletedTask : ChangeServersAsync(s => s.Add(serverId), s => s.Remove(serverId));

    public Task RemoveServerAsync(string serverId) =>
        S.Servers.Contains(serverId) ? ChangeServersAsync(s => s.Remove(serverId), s => s.Add(serverId)) : Task.CompletedTask;

    public Task<IReadOnlyList<string>> GetServersAsync() => Task.FromResult(view.Servers);

    public Task<WalletSummary> GetSummaryAsync(int recentEntries)
    {
        var current = view;
        var take = Math.Clamp(recentEntries, 0, Math.Min(WalletLimits.MaxEntriesPerRead, current.EntryCount));
        var recent = new LedgerEntry[take];
        for (var i = 0; i < take; i++)
        {
            recent[i] = S.Entries[current.EntryCount - 1 - i];
        }

        return Task.FromResult(new WalletSummary(current.Balance, current.Exhausted, current.ExhaustedAt, current.Servers, recent, current.EntryCount));
    }

    public Task<LedgerPage> GetLedgerAsync(int offset, int count)
    {
        var current = view;
        var start = Math.Clamp(offset, 0, current.EntryCount);
        var take = Math.Clamp(count, 0, Math.Min(WalletLimits.MaxEntriesPerRead, current.EntryCount - start));
        return Task.FromResult(new LedgerPage(S.Entries.GetRange(start, take).ToArray(), current.EntryCount));
    }

    private WalletResult Done(LedgerEntry entry) => new(WalletError.None, "", entry, view.Balance, view.Exhausted);

    private WalletResult Refuse(WalletProblem problem, LedgerEntry? original = null)
    {
        LogRefused(logger, UserId, problem.Error, problem.Message);
        return new WalletResult(problem.Error, problem.Message, original, view.Balance, view.Exhausted);
    }
}
