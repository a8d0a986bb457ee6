using Gsp.Backups;
using Gsp.Containers;

namespace Gsp.GameServers;

// The background work of backups and restores, run as power actions. The game is stopped for both: the
// engine's archive API reads and writes a stopped container's volume, and a running game would change its
// files under the copy. The grain does the container steps; the backup unit does the data. Whatever
// happens, the server goes back to the state it came from (the game started again if it ran), with the
// outcome in LastBackupOutcome; nothing here leaves the server in a transition state.
public sealed partial class GameServerGrain
{
    private async Task BackUpWorkAsync()
    {
        var job = S.Backup!;
        string outcome;
        try
        {
            var backup = await StopAndBackUpAsync(job);
            outcome = $"backup {backup.Id} taken ({backup.SizeBytes} bytes)";
            if (job.Reason == BackupReason.Scheduled)
            {
                outcome += await backups.PruneScheduledAsync(S.BackupLocation!, Id, job.KeepNewest ?? S.BackupSchedule.KeepNewest);
            }
        }
        catch (Exception e)
        {
            backups.LogJobFailed(e, Id, job);
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
            backups.LogJobFailed(e, Id, job);
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
                var backup = await StopAndBackUpAsync(job);
                S.LastBackupOutcome = $"backup {backup.Id} taken before delete ({backup.SizeBytes} bytes)";
                S.Backup = null;
                await state.WriteStateAsync();
            }
            catch (Exception e)
            {
                backups.LogJobFailed(e, Id, job);
                await FinishJobAsync("the backup before delete failed, so the server was not deleted: " + e.Message);
                return;
            }
        }

        await RemoveEverythingAsync();
    }

    private async Task<BackupInfo> StopAndBackUpAsync(BackupJob job)
    {
        // A backup pauses the game: the run so far is billed, the pause is not.
        await StopGameAndEndRunAsync();
        await using var archive = await containers.ReadArchiveAsync(Resources.GameContainer, S.Game!.DataPath, CancellationToken.None);
        return await backups.TakeAsync(job, S.BackupLocation!, Id, S.Request!.OwnerId, S.Game.DataPath, archive, n => backupBytesDone = n);
    }

    /// <summary>
    /// Removes the game container and the volume, makes both again, and extracts the backup into the
    /// stopped container: the one way through the engine's API to get exactly the backup's files, with
    /// nothing of the old data left over.
    /// </summary>
    private async Task RestoreDataAsync(BackupJob job)
    {
        var resources = Resources;
        await StopGameAndEndRunAsync();
        await containers.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
        await containers.RemoveVolumeAsync(resources.DataVolume, CancellationToken.None);
        await containers.EnsureVolumeAsync(resources.DataVolume, ServerResources.Labels(Labels, "data"), CancellationToken.None);
        await containers.EnsureImageAsync(S.Game!.Image, null, CancellationToken.None);
        await CreateGameAsync();

        var parent = Path.GetDirectoryName(S.Game.DataPath.TrimEnd('/')) is { Length: > 0 } p ? p : "/";
        await backups.RestoreAsync(
            job,
            S.BackupLocation!,
            tar => containers.WriteArchiveAsync(resources.GameContainer, parent, tar, CancellationToken.None),
            n => backupBytesDone = n);
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
