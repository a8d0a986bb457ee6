namespace Gsp.Containers;

/// <summary>A container as the engine last saw it.</summary>
public sealed record ContainerState(
    string Name,
    bool Running,
    int ExitCode,
    bool OomKilled,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    string Image,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, int> HostPorts)
{
    /// <summary>The networks the container is attached to: name → the id of the network it was attached to.</summary>
    public IReadOnlyDictionary<string, string> NetworkIds { get; init; } = new Dictionary<string, string>();
}
