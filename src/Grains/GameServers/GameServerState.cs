using Gsp.Catalog;

namespace Gsp.GameServers;

/// <summary>What a server grain persists. The game definition is a snapshot taken at creation.</summary>
[GenerateSerializer]
public sealed class GameServerState
{
    [Id(0)] public GameServerStatus Status { get; set; }
    [Id(1)] public CreateGameServer? Request { get; set; }
    [Id(2)] public GameDefinition? Game { get; set; }
    [Id(3)] public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);
    [Id(4)] public string HostName { get; set; } = "";
    [Id(5)] public string PublicAddress { get; set; } = "";
    [Id(6)] public int PublicPort { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    [Id(8)] public DateTimeOffset? RunningSince { get; set; }
    [Id(9)] public CrashRecord? LastCrash { get; set; }
    [Id(10)] public int CrashCount { get; set; }
    [Id(11)] public string Detail { get; set; } = "";

    /// <summary>What the game last reported about itself; handed to a re-created proxy.</summary>
    [Id(12)] public KnownGame? KnownGame { get; set; }
}
