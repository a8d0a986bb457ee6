namespace Gsp.Backups;

/// <summary>
/// Backups as files under a folder of the silo's machine. The data is written under a <c>.partial</c>
/// name, flushed to disk and renamed when complete; the manifest the same way after it. A crash leaves
/// at most <c>.partial</c> files, which are never listed and are removed by the server's next backup.
/// </summary>
public sealed partial class LocalFolderBackupTarget(string root, ILogger<LocalFolderBackupTarget> logger) : IBackupTarget
{
    public const string TargetName = "local";
    private const string PartialSuffix = ".partial";

    // Large sequential writes; the default 4 KiB would mean a system call per few compressed blocks.
    private const int FileBufferBytes = 1024 * 1024;

    public string Name => TargetName;

    public async Task<BackupInfo> StoreAsync(string prefix, string backupId, Func<Stream, CancellationToken, Task<BackupInfo>> write, CancellationToken cancellationToken)
    {
        var folder = Folder(prefix);
        Directory.CreateDirectory(folder);
        RemovePartials(folder);
        var data = DataPath(prefix, backupId);
        var manifest = ManifestPath(prefix, backupId);
        try
        {
            BackupInfo info;
            await using (var file = new FileStream(data + PartialSuffix, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileBufferBytes, useAsync: true))
            {
                info = await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            // Overwrite: a resumed backup of the same id may find the data its first attempt finished.
            File.Move(data + PartialSuffix, data, overwrite: true);
            await using (var file = new FileStream(manifest + PartialSuffix, FileMode.CreateNew, FileAccess.Write))
            {
                await file.WriteAsync(BackupManifests.Serialize(info), cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(manifest + PartialSuffix, manifest, overwrite: true);
            LogStored(logger, data, info.SizeBytes);
            return info;
        }
        catch (Exception e)
        {
            LogStoreFailed(logger, data, e.Message);
            DeleteQuietly(manifest + PartialSuffix);
            DeleteQuietly(manifest);
            DeleteQuietly(data + PartialSuffix);
            DeleteQuietly(data);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new BackupTargetException($"cannot write the backup to {folder}: {e.Message}", e);
            }

            throw;
        }
    }

    public async Task<IReadOnlyList<BackupInfo>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = Folder(prefix);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var found = new List<BackupInfo>();
        foreach (var path in Directory.EnumerateFiles(folder, "*" + BackupKeys.ManifestSuffix))
        {
            var id = Path.GetFileName(path)[..^BackupKeys.ManifestSuffix.Length];
            if (BackupKeys.IsValidId(id) && await ReadManifestAsync(path, cancellationToken) is { } info && info.Id == id && File.Exists(DataPath(prefix, id)))
            {
                found.Add(info);
            }
        }

        return found;
    }

    public async Task<BackupInfo?> FindAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        var path = ManifestPath(prefix, backupId);
        return File.Exists(path) && File.Exists(DataPath(prefix, backupId)) ? await ReadManifestAsync(path, cancellationToken) : null;
    }

    public Task<Stream> OpenReadAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<Stream>(new FileStream(DataPath(prefix, backupId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileBufferBytes, useAsync: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupTargetException($"cannot read backup {backupId}: {e.Message}", e);
        }
    }

    public Task<Uri?> GetDownloadUrlAsync(string prefix, string backupId, TimeSpan validFor, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    public Task DeleteAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(ManifestPath(prefix, backupId));
            File.Delete(DataPath(prefix, backupId));
            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupTargetException($"cannot delete backup {backupId}: {e.Message}", e);
        }
    }

    private string Folder(string prefix) => Path.Combine(root, prefix.TrimEnd('/').Replace('/', Path.DirectorySeparatorChar));

    private string DataPath(string prefix, string backupId) => Path.Combine(Folder(prefix), Id(backupId) + BackupKeys.DataSuffix);

    private string ManifestPath(string prefix, string backupId) => Path.Combine(Folder(prefix), Id(backupId) + BackupKeys.ManifestSuffix);

    /// <summary>Ids reach file names, so anything that is not one of ours (a path, "..") is stopped here as a last line.</summary>
    private static string Id(string backupId) =>
        BackupKeys.IsValidId(backupId) ? backupId : throw new ArgumentException($"'{backupId}' is not a backup id", nameof(backupId));

    private static async Task<BackupInfo?> ReadManifestAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return BackupManifests.TryDeserialize(await File.ReadAllBytesAsync(path, cancellationToken));
        }
        catch (FileNotFoundException)
        {
            // Deleted between the listing and the read.
            return null;
        }
    }

    private void RemovePartials(string folder)
    {
        foreach (var partial in Directory.EnumerateFiles(folder, "*" + PartialSuffix))
        {
            LogPartialRemoved(logger, partial);
            DeleteQuietly(partial);
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup stored at {Path} ({Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup to {Path} failed and was removed: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Path}, left by an interrupted backup")]
    private static partial void LogPartialRemoved(ILogger logger, string path);
}
