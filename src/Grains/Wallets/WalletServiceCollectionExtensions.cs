using Gsp.Time;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gsp.Wallets;

public static class WalletServiceCollectionExtensions
{
    /// <summary>
    /// What wallet grains need on a silo: the clock that stamps ledger entries and the payment provider
    /// (<see cref="ManualPaymentProvider"/> unless one was registered before).
    /// </summary>
    public static IServiceCollection AddWallets(this IServiceCollection services)
    {
        services.AddPlatformClock();
        services.TryAddSingleton<IPaymentProvider, ManualPaymentProvider>();
        return services;
    }
}
