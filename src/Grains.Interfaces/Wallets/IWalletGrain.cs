namespace Gsp.Wallets;

/// <summary>
/// One user's credits (the key is the user id): an append-only ledger of deposits, usage charges and
/// adjustments, persisted in PostgreSQL, whose sum is the balance. Every write is idempotent by its
/// entry's idempotency key except <see cref="GrantAsync"/>. Refusals come back as a
/// <see cref="WalletResult"/> with a plain message and change nothing; nothing a caller sends makes it throw.
/// Reads see only entries already persisted.
/// </summary>
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>
    /// Bills one slice of a running server (see <see cref="UsageCharge.Cost"/> for the rounding). A slice
    /// already charged is not charged again: the original entry comes back with
    /// <see cref="WalletResult.AlreadyCharged"/>. The charge applies even when it takes the balance below
    /// zero (by at most one slice, since servers stop at zero); when the balance ends at or below zero the
    /// result says <see cref="WalletResult.Exhausted"/> and the user's servers are told to hibernate.
    /// Refused (InvalidRequest) for a blank server id, minutes outside 1..<see cref="WalletLimits.MaxChargeMinutes"/>,
    /// or a price outside 0..<see cref="WalletLimits.MaxPricePerHour"/>.
    /// </summary>
    Task<WalletResult> ChargeUsageAsync(UsageCharge charge);

    /// <summary>
    /// Credits funds once the payment provider confirms them. The amount must be positive, at most
    /// <see cref="WalletLimits.MaxDeposit"/>, in whole cents. A payment reference credits once: reusing it
    /// is refused with <see cref="WalletError.DuplicateReference"/> and the original entry, so a
    /// resubmitted form never credits twice.
    /// </summary>
    Task<WalletResult> DepositAsync(Deposit deposit);

    /// <summary>
    /// An admin's adjustment, in whole cents within ±<see cref="WalletLimits.MaxGrant"/> (not zero),
    /// recorded with the admin and the reason. A negative grant may not take the balance below zero
    /// (<see cref="WalletError.InsufficientBalance"/>): only usage may put a user in debt. Not idempotent:
    /// each call is a new adjustment, so a caller that retries must first check the ledger.
    /// </summary>
    Task<WalletResult> GrantAsync(decimal amount, string adminId, string reason);

    /// <summary>Whether the user may wake or create servers: true only while the balance is positive.</summary>
    [AlwaysInterleave]
    Task<bool> CanSpendAsync();

    /// <summary>Records a server of the user, so it is told when credits run out. Idempotent.</summary>
    Task AddServerAsync(string serverId);

    /// <summary>Forgets a deleted server. Idempotent; a server never added is a no-op.</summary>
    Task RemoveServerAsync(string serverId);

    /// <summary>The user's servers known to the wallet, in ordinal order.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetServersAsync();

    /// <summary>
    /// Balance, exhaustion, servers and the latest <paramref name="recentEntries"/> entries, newest first
    /// (clamped to 0..<see cref="WalletLimits.MaxEntriesPerRead"/>).
    /// </summary>
    [AlwaysInterleave]
    Task<WalletSummary> GetSummaryAsync(int recentEntries);

    /// <summary>
    /// Up to <paramref name="count"/> entries (clamped to 0..<see cref="WalletLimits.MaxEntriesPerRead"/>)
    /// from position <paramref name="offset"/>, oldest first: the whole history, page by page.
    /// </summary>
    [AlwaysInterleave]
    Task<LedgerPage> GetLedgerAsync(int offset, int count);
}
