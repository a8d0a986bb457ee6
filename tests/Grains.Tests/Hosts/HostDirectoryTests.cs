using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Hosts;

/// <summary>
/// Placement through the host directory on a one-silo cluster (real PostgreSQL): each test declares the
/// host's capacity it needs and frees what it reserved. No container is made: only choices are tested.
/// </summary>
public sealed class HostDirectoryTests(HostDirectoryTests.Cluster fixture) : IClassFixture<HostDirectoryTests.Cluster>
{
    private IHostDirectoryGrain Directory => fixture.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    [Fact]
    public async Task Concurrent_choices_never_over_commit_a_hosts_ports_and_sleeping_servers_reserve_no_memory()
    {
        await fixture.DeclareAsync(memoryMb: 256, cpus: 1, ports: 4);

        var choices = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Directory.ChooseHostAsync(Demo($"server {i}"))));

        try
        {
            Assert.Equal(4, choices.Count(c => c.Succeeded));
            Assert.All(choices.Where(c => !c.Succeeded), c => Assert.Equal(GameServerError.NoCapacity, c.Error));
            Assert.All(choices.Where(c => c.Succeeded), c => Assert.Equal(fixture.HostName, c.HostName));
            var host = await fixture.HostAsync();
            Assert.Equal(0, host.UsedMemoryMb);
            Assert.Equal(0m, host.UsedCpus);
            Assert.Equal(4, host.Servers.Count);
            var ports = await fixture.Grains.GetGrain<IHostPortsGrain>(fixture.HostName).ListAsync();
            Assert.Equal(4, ports.Values.Distinct().Count());
        }
        finally
        {
            await ReleaseAsync(choices);
        }
    }

    [Fact]
    public async Task Concurrent_wakes_never_over_commit_a_host_and_a_refused_one_is_told_the_host_is_busy()
    {
        // The demo game reserves 64 MB and 0.25 CPUs while it runs: four run at once in 256 MB and one CPU.
        await fixture.DeclareAsync(memoryMb: 256, cpus: 1, ports: 20);
        var choices = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Directory.ChooseHostAsync(Demo($"server {i}"))));
        try
        {
            Assert.All(choices, c => Assert.True(c.Succeeded, c.Message));

            var admissions = await Task.WhenAll(choices.Select(c => Directory.AdmitAsync(c.ServerId, evenIfFull: false)));

            Assert.Equal(4, admissions.Count(a => a.Succeeded));
            Assert.All(admissions.Where(a => !a.Succeeded), a =>
            {
                Assert.Equal(GameServerError.NoCapacity, a.Error);
                Assert.Equal("this host is busy, try again in a minute", a.Message);
            });
            var host = await fixture.HostAsync();
            Assert.Equal(256, host.UsedMemoryMb);
            Assert.Equal(1m, host.UsedCpus);
            Assert.Equal(4, host.RunningServers.Count);
            Assert.True(host.BusyRefusals >= 6, $"{host.BusyRefusals} refusals counted");

            // Admitting a running server again is harmless; one that stops makes room for a refused one.
            var running = choices[Array.FindIndex(admissions, a => a.Succeeded)].ServerId;
            var refused = choices[Array.FindIndex(admissions, a => !a.Succeeded)].ServerId;
            Assert.True((await Directory.AdmitAsync(running, evenIfFull: false)).Succeeded);
            await Directory.StoppedAsync(running);
            Assert.True((await Directory.AdmitAsync(refused, evenIfFull: false)).Succeeded);
            Assert.False((await Directory.AdmitAsync(running, evenIfFull: false)).Succeeded);

            // A game found running is counted even past the budget.
            Assert.True((await Directory.AdmitAsync(running, evenIfFull: true)).Succeeded);
            Assert.Equal(320, (await fixture.HostAsync()).UsedMemoryMb);
        }
        finally
        {
            await ReleaseAsync(choices);
        }

        Assert.Equal(0, (await fixture.HostAsync()).UsedMemoryMb);
        Assert.Equal(GameServerError.NotFound, (await Directory.AdmitAsync(choices[0].ServerId, evenIfFull: false)).Error);
    }

    [Fact]
    public async Task A_released_reservation_frees_its_room_and_its_port()
    {
        await fixture.DeclareAsync(memoryMb: 128, cpus: 1, ports: 2);
        var first = await Directory.ChooseHostAsync(Demo("first"));
        var second = await Directory.ChooseHostAsync(Demo("second"));
        var third = await Directory.ChooseHostAsync(Demo("third"));
        Assert.True(first.Succeeded && second.Succeeded, first.Message + second.Message);
        Assert.Equal(GameServerError.NoCapacity, third.Error);
        Assert.True((await Directory.AdmitAsync(first.ServerId, evenIfFull: false)).Succeeded);

        await Directory.ReleaseAsync(first.ServerId);
        var ports = await fixture.Grains.GetGrain<IHostPortsGrain>(fixture.HostName).ListAsync();
        Assert.False(ports.ContainsKey(first.ServerId), "the released server still holds its port");
        Assert.Empty((await fixture.HostAsync()).RunningServers);
        var fourth = await Directory.ChooseHostAsync(Demo("fourth"));

        Assert.True(fourth.Succeeded, fourth.Message);
        await ReleaseAsync([second, fourth]);
        Assert.Empty((await fixture.HostAsync()).Servers);
    }

    [Fact]
    public async Task The_port_range_limits_placement_even_with_memory_and_cpus_to_spare()
    {
        await fixture.DeclareAsync(memoryMb: 65536, cpus: 64, ports: 3);

        var choices = new List<HostChoice>();
        for (var i = 0; i < 4; i++)
        {
            choices.Add(await Directory.ChooseHostAsync(Demo($"server {i}")));
        }

        await ReleaseAsync(choices);
        Assert.Equal(3, choices.Count(c => c.Succeeded));
        Assert.Equal(GameServerError.NoCapacity, choices[3].Error);
        Assert.Contains("no host has room", choices[3].Message);
    }

    [Fact]
    public async Task A_draining_host_takes_no_new_servers_until_it_is_undrained()
    {
        await fixture.DeclareAsync(memoryMb: 1024, cpus: 4, ports: 20);
        Assert.True(await Directory.SetDrainingAsync(fixture.HostName, true));
        try
        {
            var refused = await Directory.ChooseHostAsync(Demo("while draining"));
            var direct = await Directory.ReserveOnAsync(
                fixture.Registration,
                new ServerReservation(GameServerIds.New(fixture.HostName), "user-1", "direct", "demo", 64, 0.25m, 1));

            Assert.Equal(GameServerError.NoCapacity, refused.Error);
            Assert.Equal(GameServerError.NoCapacity, direct.Error);
            Assert.Contains("draining", direct.Message);
            Assert.True((await fixture.HostAsync()).Draining);
        }
        finally
        {
            await Directory.SetDrainingAsync(fixture.HostName, false);
        }

        var accepted = await Directory.ChooseHostAsync(Demo("after draining"));
        await ReleaseAsync([accepted]);
        Assert.True(accepted.Succeeded, accepted.Message);
        Assert.False(await Directory.SetDrainingAsync("no-such-host", true));
    }

    [Fact]
    public async Task A_host_whose_silo_is_not_in_the_cluster_is_listed_offline_and_never_chosen()
    {
        await fixture.DeclareAsync(memoryMb: 64, cpus: 1, ports: 1);
        await Directory.RegisterAsync(new HostRegistration("ghost", "192.0.2.9", new HostCapacity(1_000_000, 1000, 50000, 50999)));

        var choices = new List<HostChoice>();
        for (var i = 0; i < 3; i++)
        {
            choices.Add(await Directory.ChooseHostAsync(Demo($"server {i}")));
        }

        await ReleaseAsync(choices);
        Assert.Equal([fixture.HostName], choices.Where(c => c.Succeeded).Select(c => c.HostName));
        var hosts = await Directory.ListHostsAsync();
        Assert.False(hosts.Single(h => h.Name == "ghost").Online, "a host with no silo is listed online");
        Assert.True(hosts.Single(h => h.Name == fixture.HostName).Online, "the silo's own host is listed offline");
    }

    [Fact]
    public async Task Creating_where_no_host_has_room_is_refused_with_no_capacity_and_reserves_nothing()
    {
        await fixture.DeclareAsync(memoryMb: 64, cpus: 0.1m, ports: 20);

        var result = await fixture.Grains.CreateAsync(Demo("too big"));
        var unknownGame = await fixture.Grains.CreateAsync(new CreateGameServer("user-1", "x", "no-such-game", new Dictionary<string, string>()));

        Assert.Equal(GameServerError.NoCapacity, result.Error);
        Assert.Contains("no host has room", result.Message);
        Assert.Equal(GameServerError.InvalidRequest, unknownGame.Error);
        Assert.Empty((await fixture.HostAsync()).Servers);
    }

    [Fact]
    public async Task A_move_target_must_be_another_online_host_and_a_commit_switches_the_server_and_frees_its_old_ports()
    {
        await fixture.DeclareAsync(memoryMb: 1024, cpus: 4, ports: 20);
        const string other = "moved-to";
        await Directory.RegisterAsync(new HostRegistration(other, "192.0.2.10", new HostCapacity(1024, 4, 51000, 51019)));
        var placed = await Directory.ChooseHostAsync(Demo("moving"));
        Assert.True(placed.Succeeded, placed.Message);
        var id = placed.ServerId;
        var ownPorts = fixture.Grains.GetGrain<IHostPortsGrain>(fixture.HostName);
        var otherPorts = fixture.Grains.GetGrain<IHostPortsGrain>(other);
        try
        {
            // No silo runs "moved-to": it is never a target, and nothing is held anywhere for the refusals.
            Assert.Equal(GameServerError.NoCapacity, (await Directory.ReserveMoveTargetAsync(id, null)).Error);
            Assert.Contains("offline", (await Directory.ReserveMoveTargetAsync(id, other)).Message);
            Assert.Contains("already on", (await Directory.ReserveMoveTargetAsync(id, fixture.HostName)).Message);
            Assert.Equal(GameServerError.NotFound, (await Directory.ReserveMoveTargetAsync(id, "no-such-host")).Error);
            Assert.Equal(GameServerError.NotFound, (await Directory.ReserveMoveTargetAsync(GameServerIds.New("nowhere"), null)).Error);
            Assert.DoesNotContain(id, (await otherPorts.ListAsync()).Keys);

            // Ports held on a target are freed when the move is called off; the server keeps its own.
            Assert.NotNull(await otherPorts.AllocateAsync(id, 1, 51000, 51019));
            await Directory.CancelMoveAsync(id);
            Assert.DoesNotContain(id, (await otherPorts.ListAsync()).Keys);
            Assert.Contains(id, (await ownPorts.ListAsync()).Keys);

            // A commit moves the reservation to the target and frees the old host's ports; a second one changes nothing.
            var port = await otherPorts.AllocateAsync(id, 1, 51000, 51019);
            await Directory.CommitMoveAsync(id, other);
            await Directory.CommitMoveAsync(id, other);
            Assert.Equal(other, (await Directory.FindServerAsync(id))!.HostName);
            Assert.DoesNotContain(id, (await ownPorts.ListAsync()).Keys);
            Assert.Equal(port, (await otherPorts.ListAsync())[id]);
            Assert.DoesNotContain((await fixture.HostAsync()).Servers, s => s.ServerId == id);
            await Directory.CancelMoveAsync(id);
            Assert.Contains(id, (await otherPorts.ListAsync()).Keys);
        }
        finally
        {
            await Directory.ReleaseAsync(id);
        }

        Assert.DoesNotContain(id, (await otherPorts.ListAsync()).Keys);
    }

    private static CreateGameServer Demo(string name) => new("user-1", name, "demo", new Dictionary<string, string>());

    private async Task ReleaseAsync(IEnumerable<HostChoice> choices)
    {
        foreach (var choice in choices.Where(c => c.Succeeded))
        {
            await Directory.ReleaseAsync(choice.ServerId);
        }
    }

    public sealed class Cluster : IAsyncLifetime
    {
        private readonly GspTestCluster fixture = new() { ServiceId = "hosts-" + Guid.NewGuid().ToString("N")[..8] };
        private (int First, int Last) ports = TestPorts.NextBlock();

        public IGrainFactory Grains => fixture.Grains;

        public string HostName => fixture.HostName;

        public HostRegistration Registration { get; private set; } = null!;

        public Task InitializeAsync() => fixture.InitializeAsync();

        /// <summary>Registers the silo's host again with the capacity a test needs.</summary>
        public async Task DeclareAsync(int memoryMb, decimal cpus, int ports)
        {
            Registration = new HostRegistration(HostName, "127.0.0.1", new HostCapacity(memoryMb, cpus, this.ports.First, this.ports.First + ports - 1));
            await Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).RegisterAsync(Registration);
        }

        public async Task<HostView> HostAsync() =>
            (await Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).ListHostsAsync()).Single(h => h.Name == HostName);

        public Task DisposeAsync() => fixture.DisposeAsync();
    }
}
