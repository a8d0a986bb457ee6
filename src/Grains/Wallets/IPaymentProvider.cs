namespace Gsp.Wallets;

/// <summary>
/// Confirms that a deposit was paid before the wallet credits it. The wallet has already validated the
/// amount and checked that the reference was never credited; the provider decides only whether the money
/// arrived. Called from inside the wallet grain, one deposit at a time per user.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>
    /// Whether <paramref name="deposit"/> is paid. A decline is an answer, not an error: throw only when
    /// the provider cannot be reached, and the deposit is then not credited.
    /// </summary>
    Task<PaymentVerification> VerifyAsync(string userId, Deposit deposit, CancellationToken cancellationToken);
}
