namespace Gsp.Backups;

/// <summary>
/// One complete backup: a gzip-compressed tar of the server's data folder. Only backups whose upload
/// finished and whose manifest was written are ever listed, so every one of these can be restored.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BackupInfo
{
    /// <summary>Sortable by time: <c>yyyyMMdd-HHmmss-</c> and a random suffix.</summary>
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string ServerId { get; init; }
    [Id(2)] public required string OwnerId { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The compressed size, as stored.</summary>
    [Id(4)] public required long SizeBytes { get; init; }

    /// <summary>SHA-256 of the stored (compressed) bytes, lower-case hex; what a download can be checked against.</summary>
    [Id(5)] public required string Sha256 { get; init; }
    [Id(6)] public required BackupReason Reason { get; init; }

    /// <summary>The user who asked, or <c>schedule</c>.</summary>
    [Id(7)] public required string RequestedBy { get; init; }

    /// <summary>The game's data folder the archive was taken from (its root entry is that folder's name).</summary>
    [Id(8)] public required string DataPath { get; init; }

    /// <summary>The uncompressed size of the tar read from the engine.</summary>
    [Id(9)] public long ArchiveBytes { get; init; }
}
