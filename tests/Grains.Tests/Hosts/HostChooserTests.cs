using Gsp.Hosts;

namespace Gsp.Tests.Hosts;

public sealed class HostChooserTests
{
    [Fact]
    public void A_host_short_of_ports_or_too_small_to_ever_run_the_game_is_not_a_candidate()
    {
        var hosts = new[]
        {
            Host("small-memory", memoryMb: 1024, cpus: 8, ports: 10),
            Host("small-cpu", memoryMb: 8192, cpus: 1, ports: 10),
            Host("no-ports", memoryMb: 8192, cpus: 8, ports: 1),
            Host("roomy", memoryMb: 8192, cpus: 8, ports: 10),
        };

        var candidates = HostChooser.Candidates(hosts, _ => true, memoryMb: 2048, cpus: 2, ports: 2);

        Assert.Equal(["roomy"], candidates.Select(h => h.Name));
    }

    [Fact]
    public void Sleeping_servers_hold_only_their_ports_and_running_ones_also_their_memory_and_cpus()
    {
        var host = Host("a", memoryMb: 4096, cpus: 4, ports: 10);
        var sleeping = new ServerReservation("a.0001", "u", "one", "g", 3072, 1, 1);
        host.Place(sleeping);

        Assert.Single(HostChooser.Candidates([host], _ => true, memoryMb: 2048, cpus: 1, ports: 9));
        Assert.Empty(HostChooser.Candidates([host], _ => true, memoryMb: 64, cpus: 1, ports: 10));
        Assert.True(host.CanRun(sleeping));

        host.MarkRunning(sleeping.ServerId);
        var second = new ServerReservation("a.0002", "u", "two", "g", 2048, 1, 1);
        host.Place(second);

        Assert.Equal(1024, host.FreeMemoryMb);
        Assert.False(host.CanRun(second));
        Assert.True(host.CanRun(sleeping));
    }

    [Fact]
    public void Over_commit_multiplies_what_running_servers_may_reserve()
    {
        var host = new HostEntry(new HostRegistration("a", "192.0.2.1", new HostCapacity(1000, 1, 30000, 30009) { MemoryOvercommit = 2, CpuOvercommit = 4 }), default);
        var servers = Enumerable.Range(1, 5).Select(i => new ServerReservation($"a.000{i}", "u", $"s{i}", "g", 500, 1, 1)).ToList();
        foreach (var server in servers)
        {
            host.Place(server);
        }

        foreach (var server in servers.Take(4))
        {
            Assert.True(host.CanRun(server), server.ServerId);
            host.MarkRunning(server.ServerId);
        }

        Assert.False(host.CanRun(servers[4]));
        Assert.Equal(0, host.FreeMemoryMb);
        Assert.Equal(0m, host.FreeCpus);
    }

    [Fact]
    public void Draining_and_offline_hosts_are_not_candidates()
    {
        var draining = Host("draining", memoryMb: 8192, cpus: 8, ports: 10);
        draining.Draining = true;
        var offline = Host("offline", memoryMb: 8192, cpus: 8, ports: 10);
        var online = Host("online", memoryMb: 2048, cpus: 1, ports: 1);

        var candidates = HostChooser.Candidates([draining, offline, online], name => name != "offline", memoryMb: 64, cpus: 0.25m, ports: 1);

        Assert.Equal(["online"], candidates.Select(h => h.Name));
    }

    [Fact]
    public void The_host_with_the_most_free_memory_comes_first_then_cpus_then_name()
    {
        var busy = Host("busy", memoryMb: 16384, cpus: 8, ports: 10);
        busy.Place(new ServerReservation("busy.0001", "u", "one", "g", 12288, 1, 1));
        busy.MarkRunning("busy.0001");
        var hosts = new[]
        {
            busy,
            Host("b-more-cpu", memoryMb: 8192, cpus: 8, ports: 10),
            Host("c-equal", memoryMb: 8192, cpus: 4, ports: 10),
            Host("a-equal", memoryMb: 8192, cpus: 4, ports: 10),
        };

        var candidates = HostChooser.Candidates(hosts, _ => true, memoryMb: 64, cpus: 0.25m, ports: 1);

        Assert.Equal(["b-more-cpu", "a-equal", "c-equal", "busy"], candidates.Select(h => h.Name));
    }

    [Fact]
    public void Among_equally_free_hosts_the_one_with_fewer_sleeping_servers_comes_first()
    {
        var crowded = Host("a-crowded", memoryMb: 8192, cpus: 4, ports: 10);
        crowded.Place(new ServerReservation("a-crowded.0001", "u", "one", "g", 1024, 1, 1));
        var empty = Host("b-empty", memoryMb: 8192, cpus: 4, ports: 10);

        var candidates = HostChooser.Candidates([crowded, empty], _ => true, memoryMb: 64, cpus: 0.25m, ports: 1);

        Assert.Equal(["b-empty", "a-crowded"], candidates.Select(h => h.Name));
    }

    private static HostEntry Host(string name, int memoryMb, decimal cpus, int ports) =>
        new(new HostRegistration(name, "192.0.2.1", new HostCapacity(memoryMb, cpus, 30000, 30000 + ports - 1)), default);
}
