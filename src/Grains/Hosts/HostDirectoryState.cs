namespace Gsp.Hosts;

/// <summary>
/// The host directory's Orleans state blob ("hosts") as builds before its rows wrote it: read once at activation
/// and imported into the rows, then cleared.
/// </summary>
[GenerateSerializer]
public sealed class HostDirectoryState
{
    /// <summary>Host name → its record.</summary>
    [Id(0)] public Dictionary<string, HostRecord> Hosts { get; set; } = new(StringComparer.Ordinal);
}
