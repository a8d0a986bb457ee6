using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Tests.Fakes;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Wallets;
using Gsp.Wallets;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Gsp.Tests.Billing;

/// <summary>
/// The one test-cluster fixture (<see cref="GspTestCluster"/>) set up for billing: one silo on real
/// PostgreSQL whose game servers run on an in-memory engine and whose grains bill by a fake clock, so hours of running are simulated in seconds. Orleans itself keeps real time:
/// billing ticks (the idle-check reminder) fire every second. Can be killed and revived on the same data.
/// </summary>
public sealed class BillingCluster : IAsyncLifetime
{
    public static readonly TimeSpan Slice = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>How long (on the fake clock) a power action retries a failing engine before the server is Failed.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(30);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The engine, which outlives silo restarts as a real one would.</summary>
    public FakeContainerRuntime Engine { get; }

    /// <summary>The one test-cluster fixture underneath, configured by this one.</summary>
    public GspTestCluster Fixture { get; }

    public TestDatabase Database => Fixture.Database;

    public TestCluster Cluster => Fixture.Cluster;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string HostName => Fixture.HostName;

    public BillingCluster()
    {
        Engine = new FakeContainerRuntime(Clock);
        Engine.AddImage("gsp/proxy:dev");
        Engine.AddImage(CatalogSeed.DemoImage);
        var ports = TestPorts.NextBlock();
        Fixture = new GspTestCluster
        {
            ServiceId = "gsp-billing-" + Guid.NewGuid().ToString("N")[..8],
            FreshClusterIdEachStart = true,
            Clock = Clock,
            Engine = Engine,
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:Host:PublicPortFirst"] = ports.First.ToString(),
                ["Gsp:Host:PublicPortLast"] = ports.Last.ToString(),
                ["Gsp:GameServers:IdleCheckPeriod"] = "00:00:01",
                ["Gsp:GameServers:BillingSlice"] = Slice.ToString(),

                // Power actions retry on the fake clock: a test moves it to let a retry happen or the window pass.
                ["Gsp:GameServers:ActionRetryWindow"] = RetryWindow.ToString(),
                ["Gsp:GameServers:ActionRetryFirstDelay"] = "00:00:10",
                ["Gsp:GameServers:ActionRetryMaxDelay"] = "00:01:00",
            },
        };
    }

    public Task InitializeAsync() => Fixture.InitializeAsync();

    /// <summary>Starts a cluster on the same database and service (a new cluster id, so no dead silo is waited for).</summary>
    public Task StartAsync() => Fixture.StartAsync();

    /// <summary>Kills the silo without a goodbye: what a crashed host process looks like.</summary>
    public Task KillAsync() => Fixture.KillAsync();

    public Task DisposeAsync() => Fixture.DisposeAsync();

    public IWalletGrain Wallet(string userId) => Grains.GetGrain<IWalletGrain>(userId);

    /// <summary>A new user with <paramref name="credits"/> deposited.</summary>
    public async Task<string> NewUserAsync(decimal credits)
    {
        var userId = "user-" + Guid.NewGuid().ToString("N")[..10];
        var deposit = await Wallet(userId).DepositAsync(new Deposit(credits, "pay-" + userId));
        Assert.True(deposit.Succeeded, deposit.Message);
        return userId;
    }

    /// <summary>Creates a demo server of the user (auto-sleep off, so only billing stops it) and waits until it sleeps.</summary>
    public async Task<IGameServerGrain> CreateDemoAsync(string userId)
    {
        var server = Grains.GetGrain<IGameServerGrain>(GameServerIds.New(HostName));
        var result = await server.CreateAsync(new CreateGameServer(userId, "billed", "demo", new Dictionary<string, string>(), AutoSleep: false));
        Assert.True(result.Succeeded, result.Message);
        await WaitForAsync(server, GameServerStatus.Sleeping);
        return server;
    }

    public static async Task<GameServerInfo> WaitForAsync(IGameServerGrain server, GameServerStatus status) =>
        (await Eventually.ValueAsync(server.GetInfoAsync, i => i?.Status == status, Patience))!;

    public static async Task WakeAsync(IGameServerGrain server)
    {
        var result = await server.WakeAsync();
        Assert.True(result.Succeeded, result.Message);
        await WaitForAsync(server, GameServerStatus.Running);
    }

    /// <summary>The user's usage charges of one server, oldest slice first.</summary>
    public static async Task<IReadOnlyList<LedgerEntry>> ChargesAsync(IWalletGrain wallet, string serverId)
    {
        var entries = await WalletLedger.ReadAllAsync(wallet);
        return entries.Where(e => e.Kind == LedgerEntryKind.UsageCharge && e.ServerId == serverId).ToList();
    }

    /// <summary>Waits until the server has been charged <paramref name="count"/> slices.</summary>
    public static Task<IReadOnlyList<LedgerEntry>> WaitForChargesAsync(IWalletGrain wallet, string serverId, int count) =>
        Eventually.ValueAsync(() => ChargesAsync(wallet, serverId), c => c.Count >= count, Patience);
}
