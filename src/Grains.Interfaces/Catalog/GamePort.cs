using Gsp.Containers;

namespace Gsp.Catalog;

/// <summary>A port a game listens on. The sidecar proxy publishes the same port and relays it.</summary>
[GenerateSerializer, Immutable]
public sealed record GamePort([property: Id(0)] int Number, [property: Id(1)] PortProtocol Protocol, [property: Id(2)] string Purpose);
