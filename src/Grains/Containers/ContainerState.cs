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
    IReadOnlyDictionary<string, int> HostPorts);
