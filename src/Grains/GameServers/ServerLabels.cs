namespace Gsp.GameServers;

/// <summary>What every Docker object of a server is labelled with.</summary>
public sealed record ServerLabels(string ServerId, string OwnerId, string HostName, string ServiceId, IReadOnlyDictionary<string, string> Extra)
{
    /// <summary>The installation that owns the server (<see cref="Gsp.Containers.ContainerLabels.Installation"/>); empty adds no label.</summary>
    public string InstallationId { get; init; } = "";
}
