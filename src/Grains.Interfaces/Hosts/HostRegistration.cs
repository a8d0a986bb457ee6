namespace Gsp.Hosts;

/// <summary>What a silo tells the host directory about its Docker host when it starts.</summary>
[GenerateSerializer, Immutable]
public sealed record HostRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] string PublicAddress,
    [property: Id(2)] HostCapacity Capacity);
