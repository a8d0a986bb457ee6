namespace Gsp.Containers;

/// <summary>One line a container wrote.</summary>
[GenerateSerializer, Immutable]
public sealed record ContainerLogLine([property: Id(0)] DateTimeOffset At, [property: Id(1)] bool IsError, [property: Id(2)] string Text);
