using System.Diagnostics;
using Gsp.Catalog;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;

namespace Gsp.Tests.GameServers;

/// <summary>A game server's life on the real Docker engine, with its state in real PostgreSQL.</summary>
[Trait("Category", "Docker")]
public sealed class GameServerLifecycleTests(GameServerCluster fixture) : IClassFixture<GameServerCluster>
{
    private static readonly TimeSpan Patience = GameServerCluster.Patience;

    [Fact]
    public async Task Create_ends_asleep_with_the_proxy_up_ahead_of_the_games_for_cpu_in_short_periods_without_the_engine_health_check_and_no_game_running()
    {
        var server = await fixture.CreateDemoAsync();
        var info = (await server.GetInfoAsync())!;
        var resources = new ServerResources(info.Id);

        Assert.Equal(GameServerStatus.Sleeping, info.Status);
        Assert.InRange(info.PublicPort, fixture.Ports.First, fixture.Ports.Last);
        var proxy = await fixture.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None);
        var game = await fixture.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None);
        Assert.True(proxy!.Running, "the proxy is not running");
        Assert.False(game!.Running, "the game runs although the server sleeps");
        Assert.Equal(info.Id, game.Labels[ContainerLabels.ServerId]);
        Assert.Equal("user-1", game.Labels[ContainerLabels.UserId]);
        Assert.Equal(info.PublicPort, proxy.HostPorts["25565/tcp"]);
        Assert.True(await fixture.Containers.NetworkExistsAsync(resources.Network, CancellationToken.None));

        // The image's HEALTHCHECK would start a process in every sleeping sidecar every 10 s; the silo watches it instead.
        Assert.Equal("[\"NONE\"]", (await DockerCli.CheckedAsync("inspect", "-f", "{{json .Config.Healthcheck.Test}}", resources.ProxyContainer)).Trim());

        // One CPU in 10 ms periods (the relay stalls at most a few milliseconds when it uses its share early), at ten
        // times a game's weight (it runs before the games when the host's CPUs are contended).
        Assert.Equal("10000 10000 10240", (await DockerCli.CheckedAsync("inspect", "-f", "{{.HostConfig.CpuPeriod}} {{.HostConfig.CpuQuota}} {{.HostConfig.CpuShares}}", resources.ProxyContainer)).Trim());
        Assert.Equal("0", (await DockerCli.CheckedAsync("inspect", "-f", "{{.HostConfig.CpuShares}}", resources.GameContainer)).Trim());
    }

    [Fact]
    public async Task Wake_runs_the_game_and_a_player_gets_its_echo_through_the_public_port()
    {
        var server = await fixture.CreateDemoAsync();

        var woken = await server.WakeAsync();
        Assert.True(woken.Succeeded, woken.Message);
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);

        await using var player = await TcpProbe.ConnectAsync(info.PublicPort);
        Assert.Equal("hello, game", await player.EchoAsync("hello, game", Patience));
    }

    [Fact]
    public async Task Hibernate_stops_the_game_but_keeps_the_proxy_and_the_data()
    {
        var server = await fixture.CreateDemoAsync();
        await server.WakeAsync();
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var resources = new ServerResources(info.Id);
        await Eventually.ValueAsync(() => ReadDataFileAsync(resources.GameContainer, "/data/starts.log"), text => text.Length > 0, Patience);

        var result = await server.HibernateAsync();
        Assert.True(result.Succeeded, result.Message);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);

        Assert.False((await fixture.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None))!.Running);
        Assert.True((await fixture.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None))!.Running);
        Assert.NotEmpty(await ReadDataFileAsync(resources.GameContainer, "/data/starts.log"));

        await server.WakeAsync();
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var starts = await Eventually.ValueAsync(() => ReadDataFileAsync(resources.GameContainer, "/data/starts.log"), text => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2, Patience);
        Assert.Equal(2, starts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Idle_server_falls_asleep_by_itself_but_never_while_a_player_is_connected()
    {
        var server = await fixture.CreateDemoAsync(autoSleep: true);
        await server.WakeAsync();
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);

        await using (var player = await TcpProbe.ConnectAsync(info.PublicPort))
        {
            Assert.Equal("still here", await player.EchoAsync("still here", Patience));

            // Three idle windows with a player connected: the server must stay up all along.
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(9))
            {
                Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
                await Task.Delay(500);
            }
        }

        await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);
    }

    [Fact]
    public async Task Game_container_killed_by_hand_is_recorded_as_a_crash()
    {
        var server = await fixture.CreateDemoAsync();
        await server.WakeAsync();
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);

        await DockerCli.CheckedAsync("kill", new ServerResources(info.Id).GameContainer);

        var crashed = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.LastCrash is not null, Patience);
        Assert.Equal(GameServerStatus.Sleeping, crashed!.Status);
        Assert.Equal(137, crashed.LastCrash!.ExitCode);
        Assert.Equal(1, crashed.CrashCount);
        Assert.Contains("exited with code 137", crashed.Detail);
    }

    [Fact]
    public async Task Crashed_game_restarts_by_itself_when_the_owner_asked_for_it()
    {
        var server = await fixture.CreateDemoAsync(restartOnCrash: true);
        await server.WakeAsync();
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var game = new ServerResources(info.Id).GameContainer;

        await DockerCli.CheckedAsync("kill", game);

        var restarted = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.CrashCount == 1, Patience);
        Assert.Equal(GameServerStatus.Running, restarted!.Status);
        await Eventually.ValueAsync(() => fixture.Containers.InspectContainerAsync(game, CancellationToken.None), c => c!.Running, Patience);
    }

    [Fact]
    public async Task Game_container_removed_by_hand_is_redeployed()
    {
        var server = await fixture.CreateDemoAsync();
        var info = (await server.GetInfoAsync())!;
        var game = new ServerResources(info.Id).GameContainer;

        await DockerCli.CheckedAsync("rm", "-f", "-v", game);

        await Eventually.ValueAsync(() => fixture.Containers.InspectContainerAsync(game, CancellationToken.None), c => c is not null, Patience);
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Delete_removes_containers_network_and_volume_and_frees_the_port()
    {
        var server = await fixture.CreateDemoAsync();
        var info = (await server.GetInfoAsync())!;
        var resources = new ServerResources(info.Id);

        var result = await server.DeleteAsync();
        Assert.True(result.Succeeded, result.Message);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Deleted);

        Assert.Null(await fixture.Containers.InspectContainerAsync(resources.GameContainer, CancellationToken.None));
        Assert.Null(await fixture.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None));
        Assert.False(await fixture.Containers.NetworkExistsAsync(resources.Network, CancellationToken.None));
        Assert.DoesNotContain(resources.DataVolume, await DockerCli.CheckedAsync("volume", "ls", "-q"));
        Assert.False((await fixture.Grains.GetGrain<IHostPortsGrain>(fixture.HostName).ListAsync()).ContainsKey(info.Id));
        Assert.Equal(GameServerError.NotFound, (await server.WakeAsync()).Error);
    }

    [Fact]
    public async Task Deployment_that_fails_part_way_removes_what_it_made()
    {
        var broken = (await fixture.DemoGameAsync()) with { Id = "broken-" + Guid.NewGuid().ToString("N")[..6], Image = "gsp-test/no-such-image:never" };
        Assert.Empty(await fixture.Grains.GetGrain<ICatalogGrain>(0).UpsertAsync(broken));

        var server = await fixture.CreateDemoAsync(gameId: broken.Id);
        var info = (await server.GetInfoAsync())!;
        var resources = new ServerResources(info.Id);

        Assert.Equal(GameServerStatus.Failed, info.Status);
        Assert.Contains("gsp-test/no-such-image", info.Detail);
        Assert.Null(await fixture.Containers.InspectContainerAsync(resources.ProxyContainer, CancellationToken.None));
        Assert.False(await fixture.Containers.NetworkExistsAsync(resources.Network, CancellationToken.None));
        Assert.DoesNotContain(resources.DataVolume, await DockerCli.CheckedAsync("volume", "ls", "-q"));
        Assert.False((await fixture.Grains.GetGrain<IHostPortsGrain>(fixture.HostName).ListAsync()).ContainsKey(info.Id));
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_with_a_clear_error_and_repeats_are_harmless()
    {
        var server = await fixture.CreateDemoAsync();

        var sameCreate = await server.CreateAsync(new CreateGameServer("user-1", "test server", "demo", new Dictionary<string, string>(), AutoSleep: false));
        Assert.True(sameCreate.Succeeded, sameCreate.Message);
        Assert.Contains("already exists", sameCreate.Message);
        var otherCreate = await server.CreateAsync(new CreateGameServer("user-2", "someone else's", "demo", new Dictionary<string, string>()));
        Assert.Equal(GameServerError.InvalidTransition, otherCreate.Error);

        var hibernateAsleep = await server.HibernateAsync();
        Assert.True(hibernateAsleep.Succeeded);
        Assert.Contains("already sleeping", hibernateAsleep.Message);

        await server.WakeAsync();
        var again = await server.WakeAsync();
        Assert.True(again.Succeeded, again.Message);

        var unknown = fixture.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(fixture.HostName));
        Assert.Equal(GameServerError.NotFound, (await unknown.WakeAsync()).Error);
        Assert.Null(await unknown.GetInfoAsync());

        var invalid = await unknown.CreateAsync(new CreateGameServer("user-1", "bad", "demo", new Dictionary<string, string> { ["DEMO_CPU_PERCENT"] = "250", ["PATH"] = "/evil" }));
        Assert.Equal(GameServerError.InvalidRequest, invalid.Error);
        Assert.Contains("DEMO_CPU_PERCENT", invalid.Message);
        Assert.Contains("PATH is not a setting", invalid.Message);
        Assert.Null(await unknown.GetInfoAsync());
    }

    [Fact]
    public async Task Stats_and_logs_come_from_the_running_game()
    {
        var server = await fixture.CreateDemoAsync();
        await server.WakeAsync();
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);

        var logs = await Eventually.ValueAsync(() => server.GetLogsAsync(50, null), l => l.Count > 0, Patience);
        var stats = await server.GetStatsAsync();

        Assert.Contains(logs, line => line.Text.Contains("listening", StringComparison.OrdinalIgnoreCase));
        Assert.NotNull(stats.Game);
        Assert.InRange(stats.Game!.MemoryBytes, 1, 64L * 1024 * 1024);
        Assert.Equal(0, stats.ConnectedClients);
    }

    private static async Task<string> ReadDataFileAsync(string container, string path)
    {
        // docker cp reads from stopped containers too, which is the point: the data outlives the game.
        var folder = Directory.CreateTempSubdirectory("gsp-cp-");
        try
        {
            var copied = await DockerCli.ExecuteAsync("cp", $"{container}:{path}", folder.FullName);
            if (copied.ExitCode != 0 && copied.Error.Contains("Could not find the file"))
            {
                return "";
            }

            Assert.True(copied.ExitCode == 0, $"docker cp {container}:{path} failed ({copied.ExitCode}): {copied.Error}");
            return await File.ReadAllTextAsync(Path.Combine(folder.FullName, Path.GetFileName(path)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
