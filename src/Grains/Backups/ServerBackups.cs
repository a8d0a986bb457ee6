using Gsp.Quotas;
using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Gsp.Containers;
using Gsp.GameServers;
using Microsoft.Extensions.Options;

namespace Gsp.Backups;

/// <summary>
/// A server's backups as a unit of their own, like a server package's backup module: what is kept where,
/// how a stopped game's data becomes a stored backup and back, which backups a schedule keeps. It holds
/// no state and never changes a server's status: the game-server grain calls it while it holds its
/// power-action lock (the game stopped for the copy), and keeps the job, the status and the reminders.
/// One per silo, because the targets it writes to are.
/// </summary>
public sealed partial class ServerBackups(BackupTargets targets, UserQuotas quotas, IOptions<BackupOptions> options, TimeProvider time, ILogger<ServerBackups> logger)
{
    /// <summary>How long the quota check before a backup waits for the target's list of kept backups.</summary>
    private static readonly TimeSpan QuotaListingTimeout = TimeSpan.FromSeconds(5);

    // Large enough that a multi-gigabyte copy is a few thousand grain turns, small enough to stay off the LOH.
    private const int CopyBufferBytes = 64 * 1024;

    private BackupOptions Options => options.Value;

    /// <summary>Where a server's backups go, recorded the first time it needs to know; it never moves afterwards.</summary>
    public BackupLocation NewLocation(string ownerId, string serverId) => new(targets.DefaultName, BackupKeys.Prefix(ownerId, serverId));

    /// <summary>
    /// The one check before any backup is taken (manual, scheduled, or before a delete), before the game is
    /// stopped for it: a backup taken by hand is refused when the server already keeps as many backups, or as
    /// many bytes of them, as one server may (<see cref="UserQuotas"/>). Scheduled backups are bounded by their
    /// schedule's keep-newest count, and a backup before a delete is never refused by a quota. Null when the
    /// backup may go ahead. Reads the target only; changes nothing.
    /// </summary>
    public async Task<BackupRefusal?> RefuseBackupAsync(BackupLocation location, string ownerId, string serverId, BackupReason reason)
    {
        if (reason != BackupReason.Manual)
        {
            return null;
        }

        // The quota needs the kept backups; a target that cannot list them in time cannot take a backup either,
        // and the backup itself then fails with the target's reason, so the check gives way instead of hanging.
        BackupList kept;
        using (var listing = new CancellationTokenSource(QuotaListingTimeout, time))
        {
            try
            {
                kept = await ListAsync(location, serverId, listing.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        if (kept.Error != GameServerError.None)
        {
            return null;
        }

        return quotas.RefuseBackup(kept.Backups) is { } overQuota ? new BackupRefusal(GameServerError.QuotaExceeded, overQuota) : null;
    }

    /// <summary>Why a schedule is outside the operator's limits, or null when it is fine.</summary>
    public string? CheckSchedule(BackupSchedule schedule)
    {
        if (schedule.Interval is { } interval && interval < Options.MinimumInterval)
        {
            return $"backups can be scheduled at most every {Options.MinimumInterval}";
        }

        return schedule.KeepNewest < 1 || schedule.KeepNewest > Options.MaximumKeep
            ? $"keep between 1 and {Options.MaximumKeep} scheduled backups"
            : null;
    }

    /// <summary>The server's complete backups, newest first; an empty list before the first.</summary>
    public async Task<BackupList> ListAsync(BackupLocation? location, string serverId, CancellationToken cancellationToken = default)
    {
        if (location is null)
        {
            return new BackupList(GameServerError.None, "", []);
        }

        try
        {
            var found = await targets.Get(location.Target).ListAsync(location.Prefix, cancellationToken);
            return new BackupList(GameServerError.None, "", [.. found.Where(b => b.ServerId == serverId).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal)]);
        }
        catch (BackupTargetException e)
        {
            LogTargetFailed(logger, serverId, e.Message);
            return new BackupList(GameServerError.Unavailable, e.Message, []);
        }
    }

    /// <summary>Deletes one backup; idempotent. Null when done, the target's reason when it failed.</summary>
    public async Task<string?> DeleteAsync(BackupLocation location, string serverId, string backupId, string requestedBy)
    {
        try
        {
            await targets.Get(location.Target).DeleteAsync(location.Prefix, backupId, CancellationToken.None);
            LogDeleted(logger, serverId, backupId, requestedBy);
            return null;
        }
        catch (BackupTargetException e)
        {
            LogTargetFailed(logger, serverId, e.Message);
            return e.Message;
        }
    }

    /// <summary>This server's backup of that id, or null. Throws <see cref="BackupTargetException"/> when the target fails.</summary>
    public async Task<BackupInfo?> FindAsync(BackupLocation? location, string serverId, string backupId) =>
        location is not null && BackupKeys.IsValidId(backupId)
        && await targets.Get(location.Target).FindAsync(location.Prefix, backupId, CancellationToken.None) is { } backup
        && backup.ServerId == serverId
            ? backup
            : null;

    /// <summary>The stored backup in chunks of <see cref="BackupOptions.DownloadChunkBytes"/>; nothing for an unknown one.</summary>
    public async IAsyncEnumerable<byte[]> DownloadAsync(BackupLocation? location, string serverId, string backupId, string userId)
    {
        if (await FindAsync(location, serverId, backupId) is null)
        {
            yield break;
        }

        LogDownload(logger, serverId, backupId, userId);
        await using var stored = await targets.Get(location!.Target).OpenReadAsync(location.Prefix, backupId, CancellationToken.None);
        var size = Options.DownloadChunkBytes;
        while (true)
        {
            // A fresh array per chunk: it leaves the grain as a message, so it cannot be a pooled buffer.
            var chunk = new byte[size];
            var read = await stored.ReadAtLeastAsync(chunk, size, throwOnEndOfStream: false);
            if (read == 0)
            {
                yield break;
            }

            yield return read == size ? chunk : chunk[..read];
        }
    }

    /// <summary>A short-lived direct download address when the target offers one; null otherwise or for an unknown backup.</summary>
    public async Task<string?> GetDownloadUrlAsync(BackupLocation? location, string serverId, string backupId, string userId)
    {
        try
        {
            if (await FindAsync(location, serverId, backupId) is null)
            {
                return null;
            }

            var url = await targets.Get(location!.Target).GetDownloadUrlAsync(location.Prefix, backupId, Options.DownloadUrlLifetime, CancellationToken.None);
            if (url is not null)
            {
                LogDownload(logger, serverId, backupId, userId);
            }

            return url?.AbsoluteUri;
        }
        catch (BackupTargetException e)
        {
            LogTargetFailed(logger, serverId, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Stores the stopped game's data (<paramref name="archive"/>, an uncompressed tar) as the job's backup,
    /// gzipped, with its size and checksum; <paramref name="progress"/> gets the archive bytes read so far.
    /// </summary>
    public Task<BackupInfo> TakeAsync(BackupJob job, BackupLocation location, string serverId, string ownerId, string dataPath, Stream archive, Action<long> progress) =>
        targets.Get(location.Target).StoreAsync(location.Prefix, job.BackupId, async (sink, ct) =>
        {
            await using var stored = new DigestStream(sink, leaveOpen: true);
            long archiveBytes = 0;
            await using (var gzip = new GZipStream(stored, new ZLibCompressionOptions { CompressionLevel = Options.CompressionLevel }, leaveOpen: true))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
                try
                {
                    int read;
                    while ((read = await archive.ReadAsync(buffer, ct)) > 0)
                    {
                        await gzip.WriteAsync(buffer.AsMemory(0, read), ct);
                        archiveBytes += read;
                        progress(archiveBytes);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            return new BackupInfo
            {
                Id = job.BackupId,
                ServerId = serverId,
                OwnerId = ownerId,
                CreatedAt = job.StartedAt,
                SizeBytes = stored.Count,
                Sha256 = stored.FinishHash(),
                Reason = job.Reason,
                RequestedBy = job.RequestedBy,
                DataPath = dataPath,
                ArchiveBytes = archiveBytes,
            };
        }, CancellationToken.None);

    /// <summary>
    /// Hands the job's backup, unpacked to a tar, to <paramref name="extract"/> (which writes it into the
    /// stopped game's fresh container), then checks the stored bytes against the checksum recorded when
    /// the backup was taken. <paramref name="progress"/> gets the stored bytes read so far.
    /// </summary>
    public async Task RestoreAsync(BackupJob job, BackupLocation location, Func<Stream, Task> extract, Action<long> progress)
    {
        var backup = job.Source!;
        await using var stored = await targets.Get(location.Target).OpenReadAsync(location.Prefix, job.BackupId, CancellationToken.None);
        await using var counted = new DigestStream(stored, leaveOpen: true, progress: progress);
        await using (var tar = new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true))
        {
            await extract(tar);
        }

        // Whatever the engine did not need (tar padding, the gzip trailer) still counts for the checksum.
        await counted.CopyToAsync(Stream.Null);
        var sha = counted.FinishHash();
        if (sha != backup.Sha256)
        {
            throw new InvalidDataException($"the stored backup's checksum is {sha}, not the {backup.Sha256} recorded when it was taken");
        }
    }

    /// <summary>Keeps the newest N scheduled backups; manual and before-delete ones are the owner's to remove. Says what it removed.</summary>
    public async Task<string> PruneScheduledAsync(BackupLocation location, string serverId, int keepNewest)
    {
        var target = targets.Get(location.Target);
        var scheduled = (await target.ListAsync(location.Prefix, CancellationToken.None))
            .Where(b => b.Reason == BackupReason.Scheduled)
            .OrderByDescending(b => b.CreatedAt)
            .ThenByDescending(b => b.Id, StringComparer.Ordinal)
            .ToList();
        var excess = scheduled.Skip(keepNewest).ToList();
        foreach (var old in excess)
        {
            await target.DeleteAsync(location.Prefix, old.Id, CancellationToken.None);
            LogDeleted(logger, serverId, old.Id, "schedule");
        }

        return excess.Count == 0 ? "" : $"; {excess.Count} older scheduled backup(s) removed";
    }

    /// <summary>
    /// Logs why a job failed. The expected failures (target, engine, data) are warnings; the rest are
    /// errors with their stack, because they are bugs.
    /// </summary>
    public void LogJobFailed(Exception e, string serverId, BackupJob job)
    {
        if (e is BackupTargetException or ContainerRuntimeException or IOException or InvalidDataException)
        {
            LogFailed(logger, serverId, job.BackupId, e.Message);
        }
        else
        {
            LogFailedUnexpectedly(logger, e, serverId, job.BackupId);
        }
    }
}
