using Gsp.GameServers;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Wallets;
using Gsp.Time;
using Gsp.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gsp.Tests.Billing;

/// <summary>Billing against the real engine: the game container that runs is the one paid for, and the one stopped at zero.</summary>
[Trait("Category", "Docker")]
public sealed class BillingDockerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly GameServerCluster fixture;

    public BillingDockerTests()
    {
        fixture = new GameServerCluster
        {
            Settings = new Dictionary<string, string?> { ["Gsp:GameServers:BillingSlice"] = "00:15:00" },
            Services = services => services.AddKeyedSingleton<TimeProvider>(PlatformClock.Key, clock),
        };
    }

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task A_running_demo_server_is_billed_and_its_container_stopped_when_the_credits_run_out()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner);
        var balance = (await wallet.GetSummaryAsync(0)).Balance;
        Assert.True((await wallet.GrantAsync(0.20m - balance, "admin-1", "leave 0.20")).Succeeded);
        Assert.True((await server.WakeAsync()).Succeeded);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var started = clock.GetUtcNow();
        await using (var player = await TcpProbe.ConnectAsync((await server.GetInfoAsync())!.PublicPort))
        {
            Assert.Equal("paid for", await player.EchoAsync("paid for", GameServerCluster.Patience));
        }

        // First slice: 0.125 of the 0.20. Second: the wallet ends at -0.05 and the game container is stopped.
        clock.Advance(TimeSpan.FromMinutes(15));
        await BillingCluster.WaitForChargesAsync(wallet, id, 1);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
        clock.Advance(TimeSpan.FromMinutes(15));
        var asleep = await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);

        Assert.Contains("credits ran out", asleep.Detail);
        var game = await fixture.Containers.InspectContainerAsync(new ServerResources(id).GameContainer, CancellationToken.None);
        Assert.False(game!.Running);
        var charges = await BillingCluster.ChargesAsync(wallet, id);
        Assert.Equal([WalletKeys.Usage(id, started), WalletKeys.Usage(id, started.AddMinutes(15))], charges.Select(c => c.IdempotencyKey));
        Assert.Equal(-0.05m, (await wallet.GetSummaryAsync(0)).Balance);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);

        var wake = await server.WakeAsync();
        Assert.Equal(GameServerError.InsufficientCredits, wake.Error);
    }

    [Fact]
    public async Task Every_running_server_of_a_user_has_its_container_stopped_when_the_credits_run_out()
    {
        var servers = new[] { await fixture.CreateDemoAsync(), await fixture.CreateDemoAsync() };
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner);
        var balance = (await wallet.GetSummaryAsync(0)).Balance;
        Assert.True((await wallet.GrantAsync(0.10m - balance, "admin-1", "leave 0.10")).Succeeded);
        foreach (var server in servers)
        {
            Assert.True((await server.WakeAsync()).Succeeded);
            await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        }

        // One slice of each (0.125 + 0.125) leaves the wallet below zero: both games stop.
        clock.Advance(TimeSpan.FromMinutes(15));

        foreach (var server in servers)
        {
            var asleep = await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);
            Assert.Contains("credits ran out", asleep.Detail);
            var game = await fixture.Containers.InspectContainerAsync(new ServerResources(asleep.Id).GameContainer, CancellationToken.None);
            Assert.False(game!.Running, $"{asleep.Id} still runs");
            Assert.Equal(GameServerError.InsufficientCredits, (await server.WakeAsync()).Error);
        }

        Assert.True((await wallet.GetSummaryAsync(0)).Balance < 0);
        await WalletLedger.AssertBalanceIsLedgerSumAsync(wallet);
    }
}
