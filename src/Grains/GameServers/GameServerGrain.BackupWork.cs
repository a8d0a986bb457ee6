using System.Buffers;
using System.IO.Compression;
using Gsp.Backups;
using Gsp.Containers;

namespace Gsp.GameServers;

// The background work of backups and restores. The game is stopped for both: the engine's archive API
// reads and writes a stopped container's volume, and a running game would change its files under the
// copy. Whatever happens, the server goes back to the state it came from (the game started again if it
// ran), with the outcome in LastBackupOutcome; nothing here leaves the server in a transition state.
public sealed partial class GameServerGrain
{
    // Large enough that a multi-gigabyte copy is a few thousand grain turns, small enough to stay off the LOH.
    private const int CopyBufferBytes = 64 * 1024;

    private async Task BackUpWorkAsync()
    {
        var job = S.Backup!;
        string outcome;
        try
        {
            await StopGameForJobAsync();
            var backup = await TakeBackupAsync(job);
            outcome = $"backup {backup.Id} taken ({backup.SizeBytes} bytes)";
            if (job.Reason == BackupReason.Scheduled)
            {
                outcome += await PruneScheduledAsync();
            }
        }
        catch (Exception e)
        {
            LogJobFailed(e, job);
            outcome = "backup failed: " + e.Message;
        }

        await FinishJobAsync(outcome);
    }

    private async Task RestoreWorkAsync()
    {
        var job = S.Backup!;
        string outcome;
        try
        {
            await RestoreDataAsync(job);
            outcome = $"backup {job.BackupId} restored";
        }
        catch (Exception e)
        {
            LogJobFailed(e, job);
            outcome = $"restore of backup {job.BackupId} failed, the data may be incomplete (restore again): {e.Message}";
        }

        await FinishJobAsync(outcome);
    }

    /// <summary>
    /// Deleting with backup-before-delete: the backup first (skipped on a resumed delete whose backup is
    /// done), and only when it succeeded is anything removed; otherwise the delete is called off.
    /// </summary>
    private async Task BackUpThenRemoveEverythingAsync()
    {
        if (S.Backup is { } job)
        {
            try
            {
                await StopGameForJobAsync();
                var backup = await TakeBackupAsync(job);
                S.LastBackupOutcome = $"backup {backup.Id} taken before delete ({backup.SizeBytes} bytes)";
                S.Backup = null;
                await state.WriteStateAsync();
            }
            catch (Exception e)
            {
                LogJobFailed(e, job);
                await FinishJobAsync("the backup before delete failed, so the server was not deleted: " + e.Message);
                return;
            }
        }

        await RemoveEverythingAsync();
    }

    /// <summary>
    /// Every failure ends the job: a server must never stay in a transition because a target threw
    /// something unforeseen. The expected ones (target, engine, data) are warnings; the rest are errors
    /// with their stack, because they are bugs.
    /// </summary>
    private void LogJobFailed(Exception e, BackupJob job)
    {
        if (e is BackupTargetException or ContainerRuntimeException or IOException or InvalidDataException)
        {
            LogBackupFailed(logger, Id, job.BackupId, e.Message);
        }
        else
        {
            LogBackupFailedUnexpectedly(logger, e, Id, job.BackupId);
        }
    }

    private async Task StopGameForJobAsync()
    {
        // A backup pauses the game: the run so far is billed, the pause is not.
        await StopGameAndEndRunAsync();
    }

    private async Task<BackupInfo> TakeBackupAsync(BackupJob job)
    {
        var location = S.BackupLocation!;
        var game = S.Game!;
        await using var archive = await containers.ReadArchiveAsync(Resources.GameContainer, game.DataPath, CancellationToken.None);
        return await backupTargets.Get(location.Target).StoreAsync(location.Prefix, job.BackupId, async (sink, ct) =>
        {
            await using var stored = new DigestStream(sink, leaveOpen: true);
            long archiveBytes = 0;
            await using (var gzip = new GZipStream(stored, new ZLibCompressionOptions { CompressionLevel = backupOptions.Value.CompressionLevel }, leaveOpen: true))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
                try
                {
                    int read;
                    while ((read = await archive.ReadAsync(buffer, ct)) > 0)
                    {
                        await gzip.WriteAsync(buffer.AsMemory(0, read), ct);
                        archiveBytes += read;
                        backupBytesDone = archiveBytes;
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
                ServerId = Id,
                OwnerId = S.Request!.OwnerId,
                CreatedAt = job.StartedAt,
                SizeBytes = stored.Count,
                Sha256 = stored.FinishHash(),
                Reason = job.Reason,
                RequestedBy = job.RequestedBy,
                DataPath = game.DataPath,
                ArchiveBytes = archiveBytes,
            };
        }, CancellationToken.None);
    }

    /// <summary>
    /// Removes the game container and the volume, makes both again, and extracts the backup into the
    /// stopped container: the one way through the engine's API to get exactly the backup's files, with
    /// nothing of the old data left over.
    /// </summary>
    private async Task RestoreDataAsync(BackupJob job)
    {
        var backup = job.Source!;
        var location = S.BackupLocation!;
        var resources = Resources;
        await StopGameForJobAsync();
        await containers.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
        await containers.RemoveVolumeAsync(resources.DataVolume, CancellationToken.None);
        await containers.EnsureVolumeAsync(resources.DataVolume, ServerResources.Labels(Labels, "data"), CancellationToken.None);
        await containers.EnsureImageAsync(S.Game!.Image, null, CancellationToken.None);
        await CreateGameAsync();

        await using var stored = await backupTargets.Get(location.Target).OpenReadAsync(location.Prefix, job.BackupId, CancellationToken.None);
        await using var counted = new DigestStream(stored, leaveOpen: true, progress: n => backupBytesDone = n);
        await using (var tar = new GZipStream(counted, CompressionMode.Decompress, leaveOpen: true))
        {
            var parent = Path.GetDirectoryName(S.Game.DataPath.TrimEnd('/')) is { Length: > 0 } p ? p : "/";
            await containers.WriteArchiveAsync(resources.GameContainer, parent, tar, CancellationToken.None);
        }

        // Whatever the engine did not need (tar padding, the gzip trailer) still counts for the checksum.
        await counted.CopyToAsync(Stream.Null);
        var sha = counted.FinishHash();
        if (sha != backup.Sha256)
        {
            throw new InvalidDataException($"the stored backup's checksum is {sha}, not the {backup.Sha256} recorded when it was taken");
        }
    }

    /// <summary>Keeps the newest N scheduled backups; manual and before-delete ones are the owner's to remove.</summary>
    private async Task<string> PruneScheduledAsync()
    {
        var location = S.BackupLocation!;
        var target = backupTargets.Get(location.Target);
        var scheduled = (await target.ListAsync(location.Prefix, CancellationToken.None))
            .Where(b => b.Reason == BackupReason.Scheduled)
            .OrderByDescending(b => b.CreatedAt)
            .ThenByDescending(b => b.Id, StringComparer.Ordinal)
            .ToList();
        var excess = scheduled.Skip(S.BackupSchedule.KeepNewest).ToList();
        foreach (var old in excess)
        {
            await target.DeleteAsync(location.Prefix, old.Id, CancellationToken.None);
            LogBackupDeleted(logger, Id, old.Id, "schedule");
        }

        return excess.Count == 0 ? "" : $"; {excess.Count} older scheduled backup(s) removed";
    }

    private async Task FinishJobAsync(string outcome)
    {
        var job = S.Backup;
        S.Backup = null;
        S.LastBackupOutcome = outcome;
        backupBytesDone = 0;
        if (job?.ReturnTo == GameServerStatus.Running)
        {
            try
            {
                await containers.StartContainerAsync(Resources.GameContainer, CancellationToken.None);
                BeginRun(time.GetUtcNow());
                ResetQuietSpell();
                await MoveToAsync(GameServerStatus.Running, outcome);
                await BillAsync();
                return;
            }
            catch (ContainerRuntimeException ex)
            {
                LogStartFailed(logger, Id, ex.Message);
                await MoveToAsync(GameServerStatus.Sleeping, $"{outcome}; the game could not start again: {ex.Message}");
                return;
            }
        }

        await MoveToAsync(GameServerStatus.Sleeping, outcome);
    }
}
