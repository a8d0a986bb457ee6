namespace Gsp.Wallets;

/// <summary>
/// The first design's "add funds" button: no money changes hands, so every valid deposit is confirmed.
/// A real provider replaces this registration and checks the payment reference with the processor.
/// </summary>
public sealed class ManualPaymentProvider : IPaymentProvider
{
    public Task<PaymentVerification> VerifyAsync(string userId, Deposit deposit, CancellationToken cancellationToken) =>
        Task.FromResult(PaymentVerification.Confirmed);
}
