using Gsp.Tests.Infrastructure;
using Gsp.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>
/// Wallet wiring for test clusters until the silo calls <c>AddWallets()</c> itself, and a clock that stands
/// still so ledger timestamps are known. Silos run in the test process, so the clock is shared by instance.
/// </summary>
public sealed class WalletTestSilo : ISiloConfigurator
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock { get; } = new(Now);

    public void Configure(ISiloBuilder siloBuilder)
    {
        // Registered after the production wiring's TimeProvider.System, so this one is what grains get.
        siloBuilder.Services.AddSingleton<TimeProvider>(Clock);
        siloBuilder.Services.AddWallets();
    }

    public static TestCluster Build(string connectionString, string clusterId, string serviceId)
    {
        var builder = GspTestCluster.CreateBuilder(connectionString, clusterId, serviceId);
        builder.AddSiloBuilderConfigurator<WalletTestSilo>();
        return builder.Build();
    }
}
