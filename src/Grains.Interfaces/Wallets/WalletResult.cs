namespace Gsp.Wallets;

/// <summary>
/// The outcome of a wallet operation: the entry it wrote (or found), and the wallet as it is after it;
/// or why it was refused, with nothing changed.
/// </summary>
/// <param name="Entry">The entry written; for a repeated charge or a reused payment reference, the original one.</param>
/// <param name="Balance">The balance after the operation (unchanged when refused).</param>
/// <param name="Exhausted">Whether the balance is now at or below zero.</param>
/// <param name="AlreadyCharged">The usage slice had been charged before: nothing was charged this time.</param>
[GenerateSerializer, Immutable]
public sealed record WalletResult(
    [property: Id(0)] WalletError Error,
    [property: Id(1)] string Message,
    [property: Id(2)] LedgerEntry? Entry,
    [property: Id(3)] decimal Balance,
    [property: Id(4)] bool Exhausted,
    [property: Id(5)] bool AlreadyCharged = false)
{
    public bool Succeeded => Error == WalletError.None;
}
