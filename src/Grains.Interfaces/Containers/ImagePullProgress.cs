namespace Gsp.Containers;

/// <summary>The engine's word on a pull in progress: a status per layer, and bytes done of total when known.</summary>
[GenerateSerializer, Immutable]
public sealed record ImagePullProgress([property: Id(0)] string Status, [property: Id(1)] string? Layer, [property: Id(2)] long? Current, [property: Id(3)] long? Total);
