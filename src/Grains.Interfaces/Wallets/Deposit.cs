namespace Gsp.Wallets;

/// <summary>
/// Funds the user adds. <see cref="PaymentReference"/> names the payment (the form's one-time token now,
/// the provider's payment id later) and is the idempotency key: a reference credits at most once.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Deposit(
    [property: Id(0)] decimal Amount,
    [property: Id(1)] string PaymentReference);
