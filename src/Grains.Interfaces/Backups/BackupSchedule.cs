namespace Gsp.Backups;

/// <summary>
/// A server's backup settings. <paramref name="Interval"/> null means no scheduled backups; otherwise one
/// is taken every interval (a reminder, so it survives silo restarts) and only the newest
/// <paramref name="KeepNewest"/> scheduled backups are kept (manual and before-delete backups are never
/// removed by the schedule). <paramref name="BeforeDelete"/> makes a delete take a backup first.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BackupSchedule(
    [property: Id(0)] TimeSpan? Interval,
    [property: Id(1)] int KeepNewest = 7,
    [property: Id(2)] bool BeforeDelete = false)
{
    public static BackupSchedule None { get; } = new(Interval: null);
}
