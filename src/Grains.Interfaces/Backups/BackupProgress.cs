namespace Gsp.Backups;

/// <summary>
/// A backup or restore under way. <see cref="BytesDone"/> counts the tar read from the engine for a
/// backup, and the stored (compressed) bytes read for a restore, whose total is then known.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BackupProgress(
    [property: Id(0)] BackupOperation Operation,
    [property: Id(1)] string BackupId,
    [property: Id(2)] long BytesDone,
    [property: Id(3)] long? BytesTotal,
    [property: Id(4)] DateTimeOffset StartedAt);
