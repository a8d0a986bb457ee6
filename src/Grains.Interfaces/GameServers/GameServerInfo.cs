namespace Gsp.GameServers;

/// <summary>A game server as its owner sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record GameServerInfo
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string OwnerId { get; init; }
    [Id(2)] public required string Name { get; init; }
    [Id(3)] public required string GameId { get; init; }
    [Id(4)] public required GameServerStatus Status { get; init; }

    /// <summary>What is happening or went wrong, in plain words (pull progress, a failure's reason).</summary>
    [Id(5)] public string Detail { get; init; } = "";
    [Id(6)] public required string HostName { get; init; }

    /// <summary>The address players connect to; zero port while none is assigned.</summary>
    [Id(7)] public string PublicAddress { get; init; } = "";
    [Id(8)] public int PublicPort { get; init; }
    [Id(9)] public bool AutoSleep { get; init; }
    [Id(10)] public bool RestartOnCrash { get; init; }
    [Id(11)] public decimal PricePerHour { get; init; }
    [Id(12)] public DateTimeOffset CreatedAt { get; init; }
    [Id(13)] public DateTimeOffset? RunningSince { get; init; }
    [Id(14)] public CrashRecord? LastCrash { get; init; }
    [Id(15)] public int CrashCount { get; init; }

    /// <summary>Where this server's backups are kept; null until the first backup operation.</summary>
    [Id(16)] public Gsp.Backups.BackupLocation? BackupLocation { get; init; }

    /// <summary>The backup or restore under way, with the bytes done so far; null when none runs.</summary>
    [Id(17)] public Gsp.Backups.BackupProgress? BackupProgress { get; init; }

    [Id(18)] public Gsp.Backups.BackupSchedule BackupSchedule { get; init; } = Gsp.Backups.BackupSchedule.None;

    /// <summary>How the last backup or restore ended, in plain words (empty before the first).</summary>
    [Id(19)] public string LastBackupOutcome { get; init; } = "";

    /// <summary>The game's version and max players as it last reported them (null until it answered a query).</summary>
    [Id(20)] public KnownGame? KnownGame { get; init; }

    /// <summary>
    /// While <see cref="Status"/> is Failed: the transition whose action failed (its reason is in
    /// <see cref="Detail"/>). Starting, Stopping, BackingUp or Restoring mean the owner may wake,
    /// hibernate or delete; anything else (None: deployment failed or the containers are gone) only delete.
    /// </summary>
    [Id(21)] public GameServerStatus FailedDuring { get; init; }

    /// <summary>Whether the game may reach public internet addresses (it never reaches private ones or the platform).</summary>
    [Id(40)] public bool InternetAccess { get; init; } = true;
}
