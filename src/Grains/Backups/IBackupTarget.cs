using Gsp.Backups;

namespace Gsp.Backups;

/// <summary>
/// A place backups are kept. Every backup is two things under a server's prefix: the data
/// (<c>{id}.tar.gz</c>) and its manifest (<c>{id}.json</c>, a <see cref="BackupInfo"/>). The manifest is
/// written only after the data is complete and removed before the data, so listing, which goes by
/// manifests, never shows a partial or half-deleted backup.
/// </summary>
public interface IBackupTarget
{
    /// <summary>The name servers record in their <see cref="BackupLocation"/>: <c>local</c> or <c>s3</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Stores one backup: <paramref name="write"/> streams the data into the stream it is given and
    /// returns the manifest to record. When it returns, the data is made complete and the manifest
    /// written; when it or the target fails, whatever was partly stored is removed (or left unlisted
    /// where removal is impossible) and the exception propagates.
    /// </summary>
    Task<BackupInfo> StoreAsync(string prefix, string backupId, Func<Stream, CancellationToken, Task<BackupInfo>> write, CancellationToken cancellationToken);

    /// <summary>The complete backups under the prefix, in no particular order.</summary>
    Task<IReadOnlyList<BackupInfo>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>One backup's manifest, or null when there is no complete backup of that id.</summary>
    Task<BackupInfo?> FindAsync(string prefix, string backupId, CancellationToken cancellationToken);

    /// <summary>Opens the stored data for reading, streamed from the target. Throws <see cref="BackupTargetException"/> when it is gone.</summary>
    Task<Stream> OpenReadAsync(string prefix, string backupId, CancellationToken cancellationToken);

    /// <summary>
    /// A URL anyone holding it can download the data from until <paramref name="validFor"/> passes,
    /// without credentials; null when the target has no such thing (the local folder).
    /// </summary>
    Task<Uri?> GetDownloadUrlAsync(string prefix, string backupId, TimeSpan validFor, CancellationToken cancellationToken);

    /// <summary>Removes a backup: manifest first, then data. A no-op when it does not exist.</summary>
    Task DeleteAsync(string prefix, string backupId, CancellationToken cancellationToken);
}
