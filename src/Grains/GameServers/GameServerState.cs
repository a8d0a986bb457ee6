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

    /// <summary>
    /// Running time not billed yet, oldest first: closed runs whose tail is still to be charged, then the
    /// current run (open-ended) if the game runs. Billing advances <see cref="RunTime.BilledUntil"/>.
    /// </summary>
    [Id(12)] public List<RunTime> Unbilled { get; set; } = [];
}

/// <summary>One stretch of running time: billed from <see cref="BilledUntil"/> up to <see cref="EndedAt"/> (or now, while running).</summary>
[GenerateSerializer]
public sealed class RunTime
{
    [Id(0)] public DateTimeOffset BilledUntil { get; set; }

    /// <summary>When the game stopped; null while it runs.</summary>
    [Id(1)] public DateTimeOffset? EndedAt { get; set; }
}
