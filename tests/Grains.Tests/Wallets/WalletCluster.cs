using Gsp.Tests.Infrastructure;
using Gsp.Wallets;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>
/// The one test-cluster fixture (<see cref="GspTestCluster"/>) set up for wallets: one silo on a fresh
/// PostgreSQL database with the wallets' standing clock, shared by the tests of one class; each test
/// uses its own user.
/// </summary>
public sealed class WalletCluster : IAsyncLifetime
{
    /// <summary>The one test-cluster fixture underneath, configured by this one.</summary>
    public GspTestCluster Fixture { get; } = WalletTestSilo.Fixture();

    public TestCluster Cluster => Fixture.Cluster;

    public IWalletGrain NewWallet() => Cluster.GrainFactory.GetGrain<IWalletGrain>("user-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync() => Fixture.InitializeAsync();

    public Task DisposeAsync() => Fixture.DisposeAsync();
}
