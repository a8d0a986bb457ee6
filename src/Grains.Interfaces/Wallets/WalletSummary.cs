namespace Gsp.Wallets;

/// <summary>A wallet as the owner's dashboard shows it.</summary>
/// <param name="Exhausted">The balance is at or below zero: the user's servers are stopped and none may wake or be created.</param>
/// <param name="ExhaustedAt">When an entry (in practice a usage charge) took the balance to zero or below; null once it is positive again.</param>
/// <param name="Servers">The user's servers known to the wallet (ordinal order).</param>
/// <param name="RecentEntries">The latest ledger entries, newest first.</param>
/// <param name="EntryCount">How many entries the whole ledger holds.</param>
[GenerateSerializer, Immutable]
public sealed record WalletSummary(
    [property: Id(0)] decimal Balance,
    [property: Id(1)] bool Exhausted,
    [property: Id(2)] DateTimeOffset? ExhaustedAt,
    [property: Id(3)] IReadOnlyList<string> Servers,
    [property: Id(4)] IReadOnlyList<LedgerEntry> RecentEntries,
    [property: Id(5)] int EntryCount)
{
    /// <summary>Whether the user may wake or create servers: only with a positive balance.</summary>
    public bool CanSpend => !Exhausted;
}
