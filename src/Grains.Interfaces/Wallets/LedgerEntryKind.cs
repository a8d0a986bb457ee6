namespace Gsp.Wallets;

/// <summary>Why money moved. The sign of <see cref="LedgerEntry.Amount"/> says which way.</summary>
[GenerateSerializer]
public enum LedgerEntryKind
{
    /// <summary>Funds the user paid in (always positive).</summary>
    Deposit,

    /// <summary>A billed slice of a running server (zero or negative).</summary>
    UsageCharge,

    /// <summary>An admin's grant or correction (either sign).</summary>
    Adjustment,
}
