using System.Globalization;

namespace Gsp.Wallets;

/// <summary>The checks on what callers send; each problem comes with the message the user reads.</summary>
internal static class WalletRules
{
    public static WalletProblem? Check(UsageCharge charge)
    {
        if (string.IsNullOrWhiteSpace(charge.ServerId) || charge.ServerId.Length > WalletLimits.MaxTextLength)
        {
            return Invalid("A usage charge needs the id of the server it bills.");
        }

        if (charge.Minutes is < 1 or > WalletLimits.MaxChargeMinutes)
        {
            return Invalid($"A usage charge covers 1 to {WalletLimits.MaxChargeMinutes} minutes, not {charge.Minutes}.");
        }

        return charge.PricePerHour is < 0 or > WalletLimits.MaxPricePerHour
            ? Invalid($"The price per hour must be between 0 and {Format(WalletLimits.MaxPricePerHour)}, not {Format(charge.PricePerHour)}.")
            : null;
    }

    public static WalletProblem? Check(Deposit deposit)
    {
        if (string.IsNullOrWhiteSpace(deposit.PaymentReference) || deposit.PaymentReference.Length > WalletLimits.MaxTextLength)
        {
            return Invalid($"A deposit needs a payment reference of at most {WalletLimits.MaxTextLength} characters.");
        }

        if (deposit.Amount <= 0)
        {
            return Amount($"A deposit must be more than zero, not {Format(deposit.Amount)}.");
        }

        if (deposit.Amount > WalletLimits.MaxDeposit)
        {
            return Amount($"A deposit may be at most {Format(WalletLimits.MaxDeposit)}, not {Format(deposit.Amount)}.");
        }

        return HasWholeCents(deposit.Amount) ? null : Amount($"A deposit is in whole cents (two decimals at most), not {Format(deposit.Amount)}.");
    }

    public static WalletProblem? CheckGrant(decimal amount, string adminId, string reason)
    {
        if (string.IsNullOrWhiteSpace(adminId) || adminId.Length > WalletLimits.MaxTextLength)
        {
            return Invalid("A grant must name the admin who makes it.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > WalletLimits.MaxTextLength)
        {
            return Invalid($"A grant needs a reason of at most {WalletLimits.MaxTextLength} characters.");
        }

        if (amount == 0 || Math.Abs(amount) > WalletLimits.MaxGrant)
        {
            return Amount($"A grant must be non-zero and within ±{Format(WalletLimits.MaxGrant)}, not {Format(amount)}.");
        }

        return HasWholeCents(amount) ? null : Amount($"A grant is in whole cents (two decimals at most), not {Format(amount)}.");
    }

    public static string Format(decimal amount) => amount.ToString("#,0.####", CultureInfo.InvariantCulture);

    private static bool HasWholeCents(decimal amount) => decimal.Round(amount, WalletLimits.AmountDecimals) == amount;

    private static WalletProblem Invalid(string message) => new(WalletError.InvalidRequest, message);

    private static WalletProblem Amount(string message) => new(WalletError.InvalidAmount, message);
}
