namespace Gsp.Hosts;

/// <summary>
/// A host's ports as builds before the ports' rows wrote them (Orleans state "ports"): read once at activation
/// and imported into the rows, then cleared.
/// </summary>
[GenerateSerializer]
public sealed class HostPortsState
{
    /// <summary>Server id → its block of ports.</summary>
    [Id(0)] public Dictionary<string, PortBlock> Blocks { get; set; } = new(StringComparer.Ordinal);
}
