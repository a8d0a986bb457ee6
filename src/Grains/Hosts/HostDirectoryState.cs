namespace Gsp.Hosts;

[GenerateSerializer]
public sealed class HostDirectoryState
{
    /// <summary>Host name → its record.</summary>
    [Id(0)] public Dictionary<string, HostRecord> Hosts { get; set; } = new(StringComparer.Ordinal);
}
