namespace Gsp.Hosts;

/// <summary>
/// Everything the host directory stores, as it loads it at activation: its hosts, its servers in the order
/// they were placed, and whether the blob an older build wrote was imported already.
/// </summary>
public sealed record HostDirectoryRows(IReadOnlyList<HostRow> Hosts, IReadOnlyList<ServerRow> Servers, bool Imported);
