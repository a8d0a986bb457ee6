namespace Gsp.Wallets;

/// <summary>
/// One billed slice of a running server: <see cref="Minutes"/> minutes from <see cref="PeriodStart"/> at
/// <see cref="PricePerHour"/> credits per hour. The (server, period start) pair identifies the slice, so
/// a reminder that fires twice, or a silo that dies after charging and is retried, bills it once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UsageCharge(
    [property: Id(0)] string ServerId,
    [property: Id(1)] DateTimeOffset PeriodStart,
    [property: Id(2)] int Minutes,
    [property: Id(3)] decimal PricePerHour)
{
    /// <summary>
    /// What the slice costs: <c>PricePerHour × Minutes / 60</c>, rounded to
    /// <see cref="WalletLimits.ChargeDecimals"/> decimals, midpoints away from zero (ten minutes at 0.5/h
    /// is 0.08333… → 0.0833). Rounding each slice, not the month, keeps every ledger line exact and
    /// reproducible; the error is below 0.00005 per slice.
    /// </summary>
    public decimal Cost => Math.Round(PricePerHour * Minutes / 60m, WalletLimits.ChargeDecimals, MidpointRounding.AwayFromZero);

    public string IdempotencyKey => WalletKeys.Usage(ServerId, PeriodStart);
}
