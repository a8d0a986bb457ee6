namespace Gsp.Wallets;

/// <summary>
/// The bounds the wallet enforces, public so a form can check them before asking. Amounts are in
/// credits, with cent precision for what people pay or grant and finer precision for usage slices.
/// </summary>
public static class WalletLimits
{
    /// <summary>The most one deposit may add; larger sums are more likely a typo than a purchase.</summary>
    public const decimal MaxDeposit = 10_000m;

    /// <summary>The largest adjustment an admin may make in one grant, either way.</summary>
    public const decimal MaxGrant = 100_000m;

    /// <summary>Deposits and grants are money people type: whole cents.</summary>
    public const int AmountDecimals = 2;

    /// <summary>Usage slices are small (0.0833 for ten minutes at 0.5/h), so they keep four decimals.</summary>
    public const int ChargeDecimals = 4;

    /// <summary>A billing slice longer than a day means the caller lost track of time; refuse it rather than bill it.</summary>
    public const int MaxChargeMinutes = 24 * 60;

    /// <summary>Keeps <c>price × minutes</c> far from decimal overflow and catches a price typed in cents.</summary>
    public const decimal MaxPricePerHour = 1_000m;

    /// <summary>The most ledger entries one read returns.</summary>
    public const int MaxEntriesPerRead = 100;

    /// <summary>Longest accepted payment reference, admin id or reason.</summary>
    public const int MaxTextLength = 200;
}
