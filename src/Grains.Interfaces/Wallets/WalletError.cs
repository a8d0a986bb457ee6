namespace Gsp.Wallets;

/// <summary>Why a wallet operation was refused; each comes with a plain message in <see cref="WalletResult.Message"/>.</summary>
[GenerateSerializer]
public enum WalletError
{
    None,

    /// <summary>The amount is zero, out of bounds, or has too many decimals.</summary>
    InvalidAmount,

    /// <summary>A required field is missing or malformed (reference, server id, minutes, admin, reason).</summary>
    InvalidRequest,

    /// <summary>This payment reference was already credited; the original entry is in <see cref="WalletResult.Entry"/>.</summary>
    DuplicateReference,

    /// <summary>A negative grant would take the balance below zero.</summary>
    InsufficientBalance,

    /// <summary>The payment provider did not confirm the payment.</summary>
    PaymentDeclined,
}
