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
    [Id(12)] public Gsp.Backups.BackupLocation? BackupLocation { get; set; }
    [Id(13)] public BackupJob? Backup { get; set; }
    [Id(14)] public Gsp.Backups.BackupSchedule BackupSchedule { get; set; } = Gsp.Backups.BackupSchedule.None;
    [Id(15)] public string LastBackupOutcome { get; set; } = "";

    /// <summary>
    /// Running time not billed yet, oldest first: closed runs whose tail is still to be charged, then the
    /// current run (open-ended) if the game runs. Billing advances <see cref="RunTime.BilledUntil"/>.
    /// </summary>
    [Id(16)] public List<RunTime> Unbilled { get; set; } = [];

    /// <summary>What the game last reported about itself; handed to a re-created proxy.</summary>
    [Id(17)] public KnownGame? KnownGame { get; set; }

    /// <summary>The transition whose action failed, while <see cref="Status"/> is Failed; None otherwise or when deployment failed.</summary>
    [Id(18)] public GameServerStatus FailedDuring { get; set; }

    /// <summary>
    /// When the current quiet spell of a running server began (nobody online or connected, CPU low), or
    /// null while it is in use; persisted so a silo restart keeps the spell. A byte through the proxy
    /// after this moment moves the spell's start to that byte.
    /// </summary>
    [Id(19)] public DateTimeOffset? QuietSince { get; set; }

    /// <summary>The move under way while <see cref="Status"/> is Moving; null otherwise.</summary>
    [Id(20)] public Gsp.Moves.MoveJob? Move { get; set; }
}

/// <summary>One stretch of running time: billed from <see cref="BilledUntil"/> up to <see cref="EndedAt"/> (or now, while running).</summary>
[GenerateSerializer]
public sealed class RunTime
{
    [Id(0)] public DateTimeOffset BilledUntil { get; set; }

    /// <summary>When the game stopped; null while it runs.</summary>
    [Id(1)] public DateTimeOffset? EndedAt { get; set; }
}
