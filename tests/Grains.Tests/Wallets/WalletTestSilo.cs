using Gsp.Tests.Infrastructure;
using Gsp.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>
/// Test clusters for wallets: the production wiring with a clock that stands still, so ledger timestamps
/// are known. Silos run in the test process, so the clock is shared by instance.
/// </summary>
public static class WalletTestSilo
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock { get; } = new(Now);

    public static TestCluster Build(string connectionString, string clusterId, string serviceId) =>
        GspTestCluster.CreateBuilder(connectionString, clusterId, serviceId, services: s => s.AddKeyedSingleton<TimeProvider>(PlatformClock.Key, Clock)).Build();
}
