using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>
/// Test clusters for wallets: the one test-cluster fixture with a clock that stands still, so ledger
/// timestamps are known. Silos run in the test process, so the clock is shared by instance.
/// </summary>
public static class WalletTestSilo
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>A wallet cluster on a database of its own, or on <paramref name="database"/> under the given ids.</summary>
    public static GspTestCluster Fixture(TestDatabase? database = null, string? clusterId = null, string? serviceId = null)
    {
        var service = serviceId ?? "wallet-" + Guid.NewGuid().ToString("N")[..8];
        return database is null
            ? new GspTestCluster { ServiceId = service, ClusterId = clusterId, Clock = Clock }
            : new GspTestCluster(database) { ServiceId = service, ClusterId = clusterId, Clock = Clock };
    }

    /// <summary>A wallet cluster's builder on <paramref name="connectionString"/>; prefer <see cref="Fixture"/>.</summary>
    public static TestCluster Build(string connectionString, string clusterId, string serviceId) =>
        GspTestCluster.CreateBuilder(connectionString, clusterId, serviceId, services: s => s.AddKeyedSingleton<TimeProvider>(Gsp.Time.PlatformClock.Key, Clock)).Build();
}
