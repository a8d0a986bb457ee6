using Docker.DotNet;
using Docker.DotNet.Models;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Silo.Hosts;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gsp.Tests.Hosts;

/// <summary>
/// Two installations (two databases) on one engine, with the same host name and service id, as a
/// platform and a test run have: each restarts and sweeps, and neither loses a container.
/// </summary>
[Trait("Category", "Docker")]
public sealed class InstallationIsolationTests : IAsyncLifetime
{
    private static readonly string SharedService = "gsp-test-" + Guid.NewGuid().ToString("N")[..8];

    private readonly GameServerCluster first = new() { ServiceId = SharedService };
    private readonly GameServerCluster second = new() { ServiceId = SharedService };

    public async Task InitializeAsync()
    {
        await first.InitializeAsync();
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task Two_installations_on_one_engine_restart_and_sweep_without_touching_each_others_containers()
    {
        Assert.Equal(first.HostName, second.HostName);
        Assert.NotEqual(InstallationOf(first), InstallationOf(second));
        var mine = await first.CreateDemoAsync();
        var theirs = await second.CreateDemoAsync();
        await mine.WakeAsync();
        var running = await GameServerCluster.WaitForAsync(mine, GameServerStatus.Running);
        var game = new ServerResources(running.Id).GameContainer;
        var startedAt = (await first.Containers.InspectContainerAsync(game, CancellationToken.None))!.StartedAt;

        await first.StopAsync();
        await first.StartAsync();
        await second.StopAsync();
        await second.StartAsync();
        Assert.Equal(0, await SweepAsync(first));
        Assert.Equal(0, await SweepAsync(second));

        foreach (var id in new[] { running.Id, theirs.GetPrimaryKeyString() })
        {
            var resources = new ServerResources(id);
            Assert.True((await first.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None))?.Running, $"{resources.ProxyContainer} is gone or stopped");
            Assert.NotNull(await first.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None));
            Assert.True(await first.Containers.NetworkExistsAsync(resources.Network, CancellationToken.None));
        }

        var after = await first.Containers.InspectContainerAsync(game, CancellationToken.None);
        Assert.True(after!.Running);
        Assert.Equal(startedAt, after.StartedAt);
    }

    [Fact]
    public async Task A_server_whose_network_sidecar_or_game_was_removed_by_hand_is_whole_after_one_check()
    {
        var server = await first.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var resources = new ServerResources(id);

        await RemoveNetworkByHandAsync(resources);
        await server.ReconcileAsync();
        await AssertWholeAsync(resources);

        await first.Containers.RemoveContainerAsync(resources.ProxyContainer, CancellationToken.None);
        await server.ReconcileAsync();
        await AssertWholeAsync(resources);

        await first.Containers.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
        await server.ReconcileAsync();
        await AssertWholeAsync(resources);

        // Whole means playable: the game wakes on its re-created network and a player's bytes reach it.
        Assert.True((await server.WakeAsync()).Succeeded);
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        await using var player = await TcpProbe.ConnectAsync(info.PublicPort);
        Assert.Equal("whole", await player.EchoAsync("whole", GameServerCluster.Patience));
    }

    private static string InstallationOf(GameServerCluster cluster) =>
        cluster.SiloServices.GetRequiredService<IHostIdentity>().InstallationId;

    private static Task<int> SweepAsync(GameServerCluster cluster) =>
        cluster.SiloServices.GetRequiredService<OrphanSweeper>().SweepAsync(CancellationToken.None);

    private async Task AssertWholeAsync(ServerResources resources)
    {
        var network = await first.Containers.FindNetworkIdAsync(resources.Network, CancellationToken.None);
        Assert.NotNull(network);
        var proxy = await first.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None);
        var game = await first.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None);
        Assert.True(proxy?.Running, "the sidecar is not running");
        Assert.Equal(network, proxy!.NetworkIds.GetValueOrDefault(resources.Network));
        Assert.NotNull(game);
        Assert.True(game.NetworkIds.TryGetValue(resources.Network, out var attached) && attached is "" || attached == network, "the game is attached to a network that no longer exists");
    }

    /// <summary>What an operator's <c>docker network disconnect -f</c> and <c>docker network rm</c> do.</summary>
    private static async Task RemoveNetworkByHandAsync(ServerResources resources)
    {
        using var client = new DockerClientConfiguration(new Uri(TestDocker.Endpoint)).CreateClient();
        foreach (var container in new[] { resources.ProxyContainer, resources.GameContainer })
        {
            try
            {
                await client.Networks.DisconnectNetworkAsync(resources.Network, new NetworkDisconnectParameters { Container = container, Force = true });
            }
            catch (DockerApiException)
            {
                // A created, never started container may hold no endpoint to cut.
            }
        }

        await client.Networks.DeleteNetworkAsync(resources.Network);
    }
}
