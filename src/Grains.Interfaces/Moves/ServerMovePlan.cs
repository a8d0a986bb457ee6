using Gsp.Catalog;
using Gsp.GameServers;

namespace Gsp.Moves;

/// <summary>
/// What a host needs to make a moving server's containers: the server as recorded (game, environment, owner),
/// the public port held for it on that host, and the host its data is copied from.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServerMovePlan
{
    [Id(0)] public required string ServerId { get; init; }
    [Id(1)] public required string OwnerId { get; init; }
    [Id(2)] public required string SourceHost { get; init; }
    [Id(3)] public required GameDefinition Game { get; init; }
    [Id(4)] public required IReadOnlyDictionary<string, string> Environment { get; init; }
    [Id(5)] public bool InternetAccess { get; init; } = true;
    [Id(6)] public required int PublicPort { get; init; }
    [Id(7)] public KnownGame? KnownGame { get; init; }
}
