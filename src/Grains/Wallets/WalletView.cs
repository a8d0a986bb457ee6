namespace Gsp.Wallets;

/// <summary>
/// The wallet as last persisted, replaced whole after every successful write. Reads marked
/// [AlwaysInterleave] use only this and the first <see cref="EntryCount"/> ledger entries, so a read that
/// runs while a write awaits PostgreSQL never shows an entry that might still be rolled back.
/// </summary>
internal sealed record WalletView(decimal Balance, DateTimeOffset? ExhaustedAt, IReadOnlyList<string> Servers, int EntryCount)
{
    public bool Exhausted => Balance <= 0;
}
