namespace Gsp.Catalog;

/// <summary>
/// One game of the catalog: what to run, what it needs, what it costs, and what its owner may change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GameDefinition
{
    /// <summary>A short stable id (lower case, digits, dashes), e.g. <c>minecraft-java</c>.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string DisplayName { get; init; }

    /// <summary>The image reference, pulled when missing (e.g. <c>itzg/minecraft-server:latest</c>).</summary>
    [Id(2)] public required string Image { get; init; }

    [Id(3)] public required IReadOnlyList<GamePort> Ports { get; init; }

    /// <summary>The memory the game container may use, which is also its limit.</summary>
    [Id(4)] public required int MemoryMb { get; init; }

    /// <summary>The CPUs the game container may use, which is also its limit.</summary>
    [Id(5)] public required decimal Cpus { get; init; }

    /// <summary>Credits charged per hour of running.</summary>
    [Id(6)] public required decimal PricePerHour { get; init; }

    /// <summary>Environment every server of this game gets (owners' variables override it).</summary>
    [Id(7)] public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the game keeps its data inside the container; the server's volume is mounted there.</summary>
    [Id(8)] public required string DataPath { get; init; }

    [Id(9)] public IReadOnlyList<GameVariable> Variables { get; init; } = [];

    [Id(10)] public GameProtocol QueryProtocol { get; init; } = GameProtocol.None;
}
