namespace Gsp.Wallets;

/// <summary>
/// What a wallet grain persists. The balance is deliberately absent: it is the sum of
/// <see cref="Entries"/>, derived on activation, so a stored balance can never disagree with the ledger.
/// </summary>
[GenerateSerializer]
public sealed class WalletState
{
    /// <summary>The ledger, oldest first; only ever appended to.</summary>
    [Id(0)] public List<LedgerEntry> Entries { get; set; } = [];

    [Id(1)] public HashSet<string> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When a write last took the balance to zero or below; cleared when it is positive again.</summary>
    [Id(2)] public DateTimeOffset? ExhaustedAt { get; set; }
}
