using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Cluster;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;

namespace Gsp.WebFrontend.Tests.Cluster;

/// <summary>
/// Sleeping servers moved between two production silos on the two Docker engines: host-a on the first engine
/// (more memory, so new servers go there), host-b on the second. A drain moves a server with its data; a move whose
/// target engine freezes (SIGSTOP of the second engine, always thawed) leaves it whole on host-a and nothing on host-b.
/// </summary>
[Trait("Category", "Docker")]
public sealed class ServerMoveTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = MultiHostCluster.Patience;

    private readonly MultiHostCluster cluster = new()
    {
        Hosts =
        [
            ("host-a", MultiHostCluster.FirstEngine, 256),
            ("host-b", Environment.GetEnvironmentVariable(MultiHostCluster.SecondEngineVariable) ?? "", 128),
        ],

        // A frozen engine fails a step in five seconds instead of two minutes.
        SiloSettings = new Dictionary<string, string>
        {
            ["Gsp__GameServers__ActionStepTimeout"] = "00:00:05",
            ["Gsp__GameServers__StopGrace"] = "00:00:02",
        },
    };

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Draining_a_host_moves_its_sleeping_server_with_its_data_to_the_other_host_under_a_new_address()
    {
        var before = await cluster.CreateDemoAsync("moving");
        Assert.Equal("host-a", before.HostName);
        var resources = new ServerResources(before.Id);
        using var engineA = cluster.Engine("host-a");
        using var engineB = cluster.Engine("host-b");
        await DataVolume.FillAsync(engineA, resources.GameContainer, new Dictionary<string, long> { ["world/region.mca"] = 3 * 1024 * 1024, ["level.dat"] = 4096 }, seed: 15);
        var data = await DataVolume.ReadAsync(engineA, resources.GameContainer);

        var (status, body) = await cluster.AdminApiAsync(HttpMethod.Post, "/api/v1/admin/hosts/host-a/draining?draining=true");
        Assert.True(status == HttpStatusCode.NoContent, body);

        var server = cluster.Grains.GetGrain<IGameServerGrain>(before.Id);
        var after = await Eventually.ValueAsync(() => InfoOnceReachableAsync(before.Id), i => i is { Status: GameServerStatus.Sleeping, HostName: "host-b" }, Patience);
        Assert.Contains("moved from host-a to host-b", after!.Detail);
        Assert.NotEqual(before.PublicPort, after.PublicPort);
        Assert.Equal(data, await DataVolume.ReadAsync(engineB, resources.GameContainer));
        Assert.Equal("host-b", (await cluster.Directory.FindServerAsync(before.Id))!.HostName);

        // The owner sees the new address, and players reach the game there.
        // The dashboard's own route to the grain may still name the old activation for a moment.
        var (shownStatus, shown) = await Eventually.ValueAsync(
            () => cluster.AdminApiAsync(HttpMethod.Get, $"/api/v1/servers/{before.Id}"), r => r.Status == HttpStatusCode.OK, Patience);
        Assert.True(shownStatus == HttpStatusCode.OK, shown);
        using (var json = JsonDocument.Parse(shown))
        {
            Assert.Equal($"127.0.0.1:{after.PublicPort}", json.RootElement.GetProperty("address").GetString());
        }

        var running = await cluster.WakeAsync(before.Id);
        Assert.Equal("host-b", running.HostName);
        await using (var player = await TcpProbe.ConnectAsync(running.PublicPort))
        {
            Assert.Equal("after the move", await player.EchoAsync("after the move", Patience));
        }

        // Nothing of it is left on the old host.
        await Eventually.ValueAsync(() => LeftoversAsync("host-a", resources), left => left.Length == 0, Patience);
        Assert.DoesNotContain(before.Id, (await cluster.Grains.GetGrain<IHostPortsGrain>("host-a").ListAsync()).Keys);
        Assert.True((await server.HibernateAsync()).Succeeded);
    }

    [Fact]
    public async Task A_move_whose_target_engine_freezes_leaves_the_server_whole_on_its_old_host_and_nothing_on_the_target()
    {
        var before = await cluster.CreateDemoAsync("staying");
        Assert.Equal("host-a", before.HostName);
        var resources = new ServerResources(before.Id);
        using var engineA = cluster.Engine("host-a");
        using var engineB = cluster.Engine("host-b");

        // Enough data that the copy is still under way when the target's first objects appear.
        await DataVolume.FillAsync(engineA, resources.GameContainer, new Dictionary<string, long> { ["world/region.mca"] = 96 * 1024 * 1024 }, seed: 16);
        var data = await DataVolume.ReadAsync(engineA, resources.GameContainer);

        var server = cluster.Grains.GetGrain<IGameServerGrain>(before.Id);
        var moving = await server.MoveAsync("host-b");
        Assert.True(moving.Succeeded, moving.Message);
        Assert.Equal(GameServerStatus.Moving, moving.Server!.Status);

        GameServerInfo after;
        await Eventually.ValueAsync(() => engineB.NetworkExistsAsync(resources.Network, CancellationToken.None), made => made, Patience, TimeSpan.FromMilliseconds(20));
        using (SecondEngine.Freeze())
        {
            Assert.Equal(GameServerStatus.Moving, (await server.GetInfoAsync())!.Status);
            after = (await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status != GameServerStatus.Moving, Patience))!;
        }

        Assert.Equal(GameServerStatus.Sleeping, after.Status);
        Assert.Equal("host-a", after.HostName);
        Assert.Equal(before.PublicPort, after.PublicPort);
        Assert.Contains("the move to host-b failed, the server stays on host-a", after.Detail);
        Assert.Equal("host-a", (await cluster.Directory.FindServerAsync(before.Id))!.HostName);
        Assert.DoesNotContain(before.Id, (await cluster.Grains.GetGrain<IHostPortsGrain>("host-b").ListAsync()).Keys);

        // Whole on the old host: its data, its sidecar, and a game that wakes there.
        Assert.Equal(data, await DataVolume.ReadAsync(engineA, resources.GameContainer));
        Assert.True((await engineA.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None))!.Running);

        // Nothing on the target once its engine answers again: what the move made there is removed.
        await Eventually.ValueAsync(() => LeftoversAsync("host-b", resources), left => left.Length == 0, Patience);

        var running = await cluster.WakeAsync(before.Id);
        await using var player = await TcpProbe.ConnectAsync(running.PublicPort);
        Assert.Equal("still here", await player.EchoAsync("still here", Patience));
    }

    /// <summary>What of the server exists on a host's engine: its containers, network and data volume, by name.</summary>
    private async Task<string[]> LeftoversAsync(string hostName, ServerResources resources)
    {
        using var engine = cluster.Engine(hostName);
        var left = new List<string>();
        foreach (var container in new[] { resources.GameContainer, resources.ProxyContainer })
        {
            if (await engine.InspectContainerAsync(container, CancellationToken.None) is not null)
            {
                left.Add(container);
            }
        }

        if (await engine.NetworkExistsAsync(resources.Network, CancellationToken.None))
        {
            left.Add(resources.Network);
        }

        var endpoint = cluster.Hosts.Single(h => h.Name == hostName).Endpoint;
        var volumes = await DockerCli.CheckedAsync("-H", endpoint, "volume", "ls", "-q", "--filter", "name=" + resources.DataVolume);
        if (volumes.Split('\n').Contains(resources.DataVolume))
        {
            left.Add(resources.DataVolume);
        }

        return [.. left];
    }

    private async Task<GameServerInfo?> InfoOnceReachableAsync(string serverId)
    {
        try
        {
            return await cluster.Grains.GetGrain<IGameServerGrain>(serverId).GetInfoAsync();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            // The activation leaving host-a, or placed before the directory was told: "not yet".
            return null;
        }
    }
}
