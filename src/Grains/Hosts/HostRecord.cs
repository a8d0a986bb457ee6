namespace Gsp.Hosts;

/// <summary>What the host directory keeps about one host: its registration, draining flag and servers.</summary>
[GenerateSerializer]
public sealed class HostRecord
{
    [Id(0)] public required HostRegistration Registration { get; set; }
    [Id(1)] public bool Draining { get; set; }
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Server id → what it reserves here.</summary>
    [Id(3)] public Dictionary<string, ServerReservation> Servers { get; set; } = new(StringComparer.Ordinal);

    public string Name => Registration.Name;

    public int FreeMemoryMb => Registration.Capacity.MemoryMb - Servers.Values.Sum(s => s.MemoryMb);

    public decimal FreeCpus => Registration.Capacity.Cpus - Servers.Values.Sum(s => s.Cpus);

    public int FreePorts => Registration.Capacity.Ports - Servers.Values.Sum(s => s.Ports);

    /// <summary>Whether the memory and CPUs (and, counted, the ports) of one more server fit.</summary>
    public bool Fits(int memoryMb, decimal cpus, int ports) =>
        FreeMemoryMb >= memoryMb && FreeCpus >= cpus && FreePorts >= ports;

    public HostView ToView(bool online) => new()
    {
        Name = Name,
        PublicAddress = Registration.PublicAddress,
        Capacity = Registration.Capacity,
        Online = online,
        Draining = Draining,
        UsedMemoryMb = Registration.Capacity.MemoryMb - FreeMemoryMb,
        UsedCpus = Registration.Capacity.Cpus - FreeCpus,
        UsedPorts = Registration.Capacity.Ports - FreePorts,
        Servers = [.. Servers.Values.OrderBy(s => s.ServerId, StringComparer.Ordinal)],
        RegisteredAt = RegisteredAt,
    };
}
