namespace Gsp.Hosts;

/// <summary>A block of consecutive public ports held by one server.</summary>
[GenerateSerializer, Immutable]
public sealed record PortBlock([property: Id(0)] int First, [property: Id(1)] int Count);
