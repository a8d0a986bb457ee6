namespace Gsp.Containers;

/// <summary>A lifecycle event of a container: <c>start</c>, <c>die</c>, <c>oom</c>, <c>destroy</c>, ...</summary>
public sealed record ContainerEvent(string Name, string Action, IReadOnlyDictionary<string, string> Labels, int? ExitCode, DateTimeOffset At);
