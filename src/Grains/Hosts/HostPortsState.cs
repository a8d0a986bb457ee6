namespace Gsp.Hosts;

[GenerateSerializer]
public sealed class HostPortsState
{
    /// <summary>Server id → its block of ports.</summary>
    [Id(0)] public Dictionary<string, PortBlock> Blocks { get; set; } = new(StringComparer.Ordinal);
}
