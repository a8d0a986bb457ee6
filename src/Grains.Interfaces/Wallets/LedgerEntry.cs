namespace Gsp.Wallets;

/// <summary>
/// One line of a wallet's ledger. Entries are only ever appended; the balance is the sum of their
/// <see cref="Amount"/>s, and <see cref="BalanceAfter"/> is that running sum up to and including this entry.
/// </summary>
/// <param name="Amount">Positive for credits, negative for debits; never a floating-point value.</param>
/// <param name="IdempotencyKey">What makes a retried request land once (see <see cref="WalletKeys"/>).</param>
/// <param name="ServerId">The billed server, for usage charges.</param>
[GenerateSerializer, Immutable]
public sealed record LedgerEntry(
    [property: Id(0)] Guid Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] LedgerEntryKind Kind,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string Description,
    [property: Id(5)] string IdempotencyKey,
    [property: Id(6)] decimal BalanceAfter,
    [property: Id(7)] string? ServerId = null);
