using Gsp.Backups;

namespace Gsp.GameServers;

/// <summary>
/// The backup or restore a server is in the middle of, persisted so a silo that dies mid-way resumes it
/// on the next activation (from the start: every step is safe to repeat). <see cref="ReturnTo"/> is the
/// settled state the server goes back to, Running meaning the game is started again. A scheduled backup
/// carries the <see cref="KeepNewest"/> of the schedule it was taken under, so a schedule changed or turned
/// off while it runs does not change what it prunes (null: the current schedule's, for a job stored before).
/// </summary>
[GenerateSerializer]
public sealed record BackupJob(
    [property: Id(0)] BackupOperation Operation,
    [property: Id(1)] string BackupId,
    [property: Id(2)] BackupReason Reason,
    [property: Id(3)] string RequestedBy,
    [property: Id(4)] GameServerStatus ReturnTo,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] BackupInfo? Source = null,
    [property: Id(7)] int? KeepNewest = null);
