namespace Gsp.Hosts;

/// <summary>
/// What the host directory holds in memory about one host: its registration, draining flag, the servers
/// placed on it (each holding its public ports) and which of them run (each holding its memory and CPUs).
/// The sums placement and admission ask for are kept as servers come, go, start and stop, so each
/// question costs the same with ten servers on the host or ten thousand.
/// </summary>
public sealed class HostEntry(HostRegistration registration, DateTimeOffset registeredAt)
{
    private readonly Dictionary<string, ServerReservation> servers = new(StringComparer.Ordinal);
    private readonly HashSet<string> running = new(StringComparer.Ordinal);

    public HostRegistration Registration { get; set; } = registration;

    public bool Draining { get; set; }

    public DateTimeOffset RegisteredAt { get; } = registeredAt;

    /// <summary>Wakes refused because the running servers left no room, since the host registered.</summary>
    public long BusyRefusals { get; set; }

    public string Name => Registration.Name;

    /// <summary>Server id → what it reserves here.</summary>
    public IReadOnlyDictionary<string, ServerReservation> Servers => servers;

    /// <summary>The placed servers whose games were admitted to run and have not stopped since.</summary>
    public IReadOnlySet<string> Running => running;

    public int RunningMemoryMb { get; private set; }

    public decimal RunningCpus { get; private set; }

    /// <summary>The ports the placed servers reserve, by their reservations.</summary>
    public int ReservedPorts { get; private set; }

    private HostCapacity Capacity => Registration.Capacity;

    public int FreeMemoryMb => Capacity.MemoryBudgetMb - RunningMemoryMb;

    public decimal FreeCpus => Capacity.CpuBudget - RunningCpus;

    public int FreePorts => Capacity.Ports - ReservedPorts;

    /// <summary>Records a server placed here; false when it is already.</summary>
    public bool Place(ServerReservation server)
    {
        if (!servers.TryAdd(server.ServerId, server))
        {
            return false;
        }

        ReservedPorts += server.Ports;
        return true;
    }

    /// <summary>Forgets a server placed here, running or not; false when it is not placed here.</summary>
    public bool Remove(string serverId)
    {
        if (!servers.TryGetValue(serverId, out var server))
        {
            return false;
        }

        MarkStopped(serverId);
        servers.Remove(serverId);
        ReservedPorts -= server.Ports;
        return true;
    }

    /// <summary>Counts a placed server's game as running; false when it is not placed here or runs already.</summary>
    public bool MarkRunning(string serverId)
    {
        if (!servers.TryGetValue(serverId, out var server) || !running.Add(serverId))
        {
            return false;
        }

        RunningMemoryMb += server.MemoryMb;
        RunningCpus += server.Cpus;
        return true;
    }

    /// <summary>Stops counting a server's game as running; false when it was not.</summary>
    public bool MarkStopped(string serverId)
    {
        if (!running.Remove(serverId))
        {
            return false;
        }

        var server = servers[serverId];
        RunningMemoryMb -= server.MemoryMb;
        RunningCpus -= server.Cpus;
        return true;
    }

    /// <summary>
    /// Whether one more server may be placed here: its ports are free, and its game could run here at
    /// all (its minimums fit the host's whole budget). Sleeping servers cost no memory or CPUs.
    /// </summary>
    public bool Fits(int memoryMb, decimal cpus, int ports) =>
        FreePorts >= ports && Capacity.MemoryBudgetMb >= memoryMb && Capacity.CpuBudget >= cpus;

    /// <summary>Whether the placed server's game may start now beside the games already running.</summary>
    public bool CanRun(ServerReservation server) =>
        running.Contains(server.ServerId) || (FreeMemoryMb >= server.MemoryMb && FreeCpus >= server.Cpus);

    public HostRow ToRow() => new(Registration, Draining, RegisteredAt, BusyRefusals);

    public static HostEntry FromRow(HostRow row) => new(row.Registration, row.RegisteredAt)
    {
        Draining = row.Draining,
        BusyRefusals = row.BusyRefusals,
    };

    public HostView ToView(bool online) => new()
    {
        Name = Name,
        PublicAddress = Registration.PublicAddress,
        Capacity = Capacity,
        Online = online,
        Draining = Draining,
        UsedMemoryMb = RunningMemoryMb,
        UsedCpus = RunningCpus,
        UsedPorts = ReservedPorts,
        Servers = [.. servers.Values.OrderBy(s => s.ServerId, StringComparer.Ordinal)],
        RegisteredAt = RegisteredAt,
        RunningServers = [.. running.Order(StringComparer.Ordinal)],
        BusyRefusals = BusyRefusals,
    };
}
