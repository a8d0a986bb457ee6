namespace Gsp.Wallets;

/// <summary>A slice of the ledger, oldest first, and the size of the whole ledger, for paging through history.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerPage(
    [property: Id(0)] IReadOnlyList<LedgerEntry> Entries,
    [property: Id(1)] int Total);
