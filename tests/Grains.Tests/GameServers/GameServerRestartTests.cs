using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gsp.Tests.GameServers;

/// <summary>What survives a silo restart: servers' state, their containers, and their reminders.</summary>
[Trait("Category", "Docker")]
public sealed class GameServerRestartTests : IAsyncLifetime
{
    private readonly GameServerCluster fixture = new();

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task After_a_silo_restart_servers_keep_their_state_containers_and_reminders()
    {
        var sleeper = await fixture.CreateDemoAsync();
        var runner = await fixture.CreateDemoAsync(autoSleep: true);
        await runner.WakeAsync();
        var running = await GameServerCluster.WaitForAsync(runner, GameServerStatus.Running);
        var sleeperId = sleeper.GetPrimaryKeyString();
        var runnerId = running.Id;

        // Keep a player connected across the restart, so the runner cannot fall asleep before the check.
        var player = await TcpProbe.ConnectAsync(running.PublicPort);
        Assert.Equal("before", await player.EchoAsync("before", GameServerCluster.Patience));
        await fixture.StopAsync();

        var game = await fixture.Containers.InspectContainerAsync(new ServerResources(runnerId).GameContainer, CancellationToken.None);
        Assert.True(game!.Running, "stopping the silo stopped a game container");
        await fixture.StartAsync();

        var runnerAfter = fixture.Grains.GetGrain<IGameServerGrain>(runnerId);
        Assert.Equal(GameServerStatus.Sleeping, (await fixture.Grains.GetGrain<IGameServerGrain>(sleeperId).GetInfoAsync())!.Status);
        Assert.Equal(GameServerStatus.Running, (await runnerAfter.GetInfoAsync())!.Status);
        Assert.Equal("after", await player.EchoAsync("after", GameServerCluster.Patience));

        // The idle-check reminder registered before the restart still fires: once the player leaves,
        // the server falls asleep by itself.
        await player.DisposeAsync();
        await GameServerCluster.WaitForAsync(runnerAfter, GameServerStatus.Sleeping);
    }

    [Fact]
    public async Task Containers_labelled_as_ours_with_no_server_behind_them_are_removed_at_start()
    {
        var orphanId = GameServerIds.New(fixture.HostName);
        var orphan = new ServerResources(orphanId).ProxyContainer;
        var installation = fixture.SiloServices.GetRequiredService<Gsp.Hosts.IHostIdentity>().InstallationId;
        await fixture.StopAsync();
        using (var runtime = TestDocker.CreateRuntime())
        {
            await runtime.CreateContainerAsync(new ContainerSpec
            {
                Name = orphan,
                Image = "gsp/demo-game:dev",
                Labels = new Dictionary<string, string>(TestDocker.Labels)
                {
                    [ContainerLabels.ServerId] = orphanId,
                    [ContainerLabels.Host] = fixture.HostName,
                    [ContainerLabels.Service] = fixture.ServiceId,
                    [ContainerLabels.Installation] = installation,
                    [ContainerLabels.Role] = "proxy",
                },
            }, CancellationToken.None);
        }

        await fixture.StartAsync();

        await Eventually.ValueAsync(() => fixture.Containers.InspectContainerAsync(orphan, CancellationToken.None), c => c is null, GameServerCluster.Patience);
    }
}
