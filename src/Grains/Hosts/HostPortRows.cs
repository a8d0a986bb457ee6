namespace Gsp.Hosts;

/// <summary>The blocks of one host's public ports (server id → block), and whether an older build's blob was imported.</summary>
public sealed record HostPortRows(IReadOnlyDictionary<string, PortBlock> Blocks, bool Imported);
