namespace Gsp.Wallets;

/// <summary>Why a request is refused, before it touches the ledger.</summary>
internal readonly record struct WalletProblem(WalletError Error, string Message);
