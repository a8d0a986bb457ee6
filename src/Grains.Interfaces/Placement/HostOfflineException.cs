namespace Gsp.Placement;

/// <summary>No silo of the cluster manages the host a grain belongs to: that host's silo is down.</summary>
[GenerateSerializer]
public sealed class HostOfflineException(string hostName)
    : Exception($"host '{hostName}' is offline: its silo is not in the cluster")
{
    [Id(0)]
    public string HostName { get; } = hostName;
}
