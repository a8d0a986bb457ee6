using Gsp.Tests.Infrastructure;
using Gsp.Wallets;
using Orleans.TestingHost;

namespace Gsp.Tests.Wallets;

/// <summary>A one-silo cluster on a fresh PostgreSQL database, shared by the tests of one class; each test uses its own user.</summary>
public sealed class WalletCluster : IAsyncLifetime
{
    private TestDatabase database = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IWalletGrain NewWallet() => Cluster.GrainFactory.GetGrain<IWalletGrain>("user-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var id = "wallet-" + Guid.NewGuid().ToString("N")[..8];
        Cluster = WalletTestSilo.Build(database.ConnectionString, id, id);
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await database.DisposeAsync();
    }
}
