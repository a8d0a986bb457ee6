using Gsp.Hosts;

namespace Gsp.Tests.Hosts;

public sealed class HostChooserTests
{
    [Fact]
    public void A_host_short_of_memory_cpus_or_ports_is_not_a_candidate()
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
    public void Reserved_servers_count_against_a_host()
    {
        var host = Host("a", memoryMb: 4096, cpus: 4, ports: 10);
        host.Servers["a.0001"] = new ServerReservation("a.0001", "u", "one", "g", 3072, 1, 1);

        Assert.Empty(HostChooser.Candidates([host], _ => true, memoryMb: 2048, cpus: 1, ports: 1));
        Assert.Single(HostChooser.Candidates([host], _ => true, memoryMb: 1024, cpus: 3, ports: 9));
        Assert.Empty(HostChooser.Candidates([host], _ => true, memoryMb: 1024, cpus: 3.5m, ports: 1));
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
        busy.Servers["busy.0001"] = new ServerReservation("busy.0001", "u", "one", "g", 12288, 1, 1);
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

    private static HostRecord Host(string name, int memoryMb, decimal cpus, int ports) => new()
    {
        Registration = new HostRegistration(name, "192.0.2.1", new HostCapacity(memoryMb, cpus, 30000, 30000 + ports - 1)),
    };
}
