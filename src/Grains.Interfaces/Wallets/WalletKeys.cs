namespace Gsp.Wallets;

/// <summary>The idempotency keys of ledger entries; one prefix per kind so keys of different kinds never collide.</summary>
public static class WalletKeys
{
    /// <summary>The same instant with another UTC offset is the same slice, hence UTC ticks.</summary>
    public static string Usage(string serverId, DateTimeOffset periodStart) =>
        $"usage:{serverId}:{periodStart.UtcTicks}";

    public static string Payment(string reference) => $"payment:{reference}";

    /// <summary>Grants carry no caller key: each call is a new adjustment (see <see cref="IWalletGrain.GrantAsync"/>).</summary>
    public static string Grant(Guid entryId) => $"grant:{entryId:N}";
}
