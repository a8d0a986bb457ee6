namespace Gsp.Wallets;

/// <summary>A payment provider's answer: whether the payment is confirmed, and if not, why (shown to the user).</summary>
public sealed record PaymentVerification(bool Accepted, string Message)
{
    public static PaymentVerification Confirmed { get; } = new(true, "");

    public static PaymentVerification Declined(string message) => new(false, message);
}
