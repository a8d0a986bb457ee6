namespace Gsp.Hosts;

/// <summary>
/// What the host directory keeps about one host: its registration, draining flag, the servers placed on
/// it (each holding its public ports), and which of them run now (each holding its memory and CPUs).
/// </summary>
[GenerateSerializer]
public sealed class HostRecord
{
    [Id(0)] public required HostRegistration Registration { get; set; }
    [Id(1)] public bool Draining { get; set; }
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Server id → what it reserves here.</summary>
    [Id(3)] public Dictionary<string, ServerReservation> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The placed servers whose games were admitted to run and have not stopped since.</summary>
    [Id(4)] public HashSet<string> Running { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Wakes refused because the running servers left no room, since the host registered.</summary>
    [Id(5)] public long BusyRefusals { get; set; }

    public string Name => Registration.Name;

    private HostCapacity Capacity => Registration.Capacity;

    public int RunningMemoryMb => RunningServers.Sum(s => s.MemoryMb);

    public decimal RunningCpus => RunningServers.Sum(s => s.Cpus);

    public int FreeMemoryMb => Capacity.MemoryBudgetMb - RunningMemoryMb;

    public decimal FreeCpus => Capacity.CpuBudget - RunningCpus;

    public int FreePorts => Capacity.Ports - Servers.Values.Sum(s => s.Ports);

    private IEnumerable<ServerReservation> RunningServers =>
        Running.Select(id => Servers.GetValueOrDefault(id)).OfType<ServerReservation>();

    /// <summary>
    /// Whether one more server may be placed here: its ports are free, and its game could run here at
    /// all (its minimums fit the host's whole budget). Sleeping servers cost no memory or CPUs.
    /// </summary>
    public bool Fits(int memoryMb, decimal cpus, int ports) =>
        FreePorts >= ports && Capacity.MemoryBudgetMb >= memoryMb && Capacity.CpuBudget >= cpus;

    /// <summary>Whether the placed server's game may start now beside the games already running.</summary>
    public bool CanRun(ServerReservation server) =>
        Running.Contains(server.ServerId) || (FreeMemoryMb >= server.MemoryMb && FreeCpus >= server.Cpus);

    public HostView ToView(bool online) => new()
    {
        Name = Name,
        PublicAddress = Registration.PublicAddress,
        Capacity = Capacity,
        Online = online,
        Draining = Draining,
        UsedMemoryMb = RunningMemoryMb,
        UsedCpus = RunningCpus,
        UsedPorts = Capacity.Ports - FreePorts,
        Servers = [.. Servers.Values.OrderBy(s => s.ServerId, StringComparer.Ordinal)],
        RegisteredAt = RegisteredAt,
        RunningServers = [.. Running.Order(StringComparer.Ordinal)],
        BusyRefusals = BusyRefusals,
    };
}
