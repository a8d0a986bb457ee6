using Gsp.Backups;

namespace Gsp.GameServers;

// Backups as owners ask for them: take, list, delete, restore, download, schedule. Every call checks the
// caller owns the server and answers a stranger exactly as if the server did not exist. What a backup is
// and where it is kept belongs to the backup unit (Gsp.Backups.ServerBackups); the grain decides when one
// may run, holds its job and its status, and runs the work as a power action (GameServerGrain.BackupWork.cs).
public sealed partial class GameServerGrain
{
    private const string BackupReminder = "backup-schedule";

    /// <summary>Bytes of the job under way (see <see cref="BackupProgress"/>); memory only, reset per job.</summary>
    private long backupBytesDone;

    public async Task<GameServerResult> BackUpAsync(string userId)
    {
        await SettleAsync();
        if (!Owns(userId))
        {
            return NoSuchServer();
        }

        if (S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running) || Busy)
        {
            return Refuse("back up");
        }

        return await StartBackupAsync(BackupReason.Manual, userId) is { } refusal
            ? GameServerResult.Refused(refusal.Error, refusal.Message, Info())
            : GameServerResult.Ok(Info());
    }

    public Task<BackupList> ListBackupsAsync(string userId) =>
        Owns(userId)
            ? backups.ListAsync(S.BackupLocation, Id)
            : Task.FromResult(new BackupList(GameServerError.NotFound, "there is no such server", []));

    public async Task<GameServerResult> DeleteBackupAsync(string userId, string backupId)
    {
        if (!Owns(userId))
        {
            return NoSuchServer();
        }

        if (S.BackupLocation is not { } location || !BackupKeys.IsValidId(backupId))
        {
            return GameServerResult.Ok(Info(), "there is no such backup");
        }

        if (S.Backup is { } job && job.BackupId == backupId)
        {
            return GameServerResult.Refused(GameServerError.Busy, $"backup {backupId} is in use; try again when the {Describe(S.Status)} ends", Info());
        }

        return await backups.DeleteAsync(location, Id, backupId, userId) is { } failure
            ? GameServerResult.Refused(GameServerError.Unavailable, failure, Info())
            : GameServerResult.Ok(Info(), $"backup {backupId} deleted");
    }

    public async Task<GameServerResult> RestoreAsync(string userId, string backupId, bool confirmed)
    {
        await SettleAsync();
        if (!Owns(userId))
        {
            return NoSuchServer();
        }

        if (!confirmed)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, "a restore replaces all of the server's current data; ask again with the confirmation set", Info());
        }

        if (S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running) || Busy)
        {
            return Refuse("restore");
        }

        BackupInfo? backup;
        try
        {
            backup = await backups.FindAsync(S.BackupLocation, Id, backupId);
        }
        catch (BackupTargetException e)
        {
            return GameServerResult.Refused(GameServerError.Unavailable, e.Message, Info());
        }

        if (backup is null)
        {
            return GameServerResult.Refused(GameServerError.NotFound, $"there is no backup '{backupId}' of this server", Info());
        }

        if (!string.Equals(LastName(backup.DataPath), LastName(S.Game!.DataPath), StringComparison.Ordinal))
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"backup {backupId} holds {backup.DataPath}, but the game now keeps its data in {S.Game.DataPath}", Info());
        }

        // The await above let other calls in; one of them may have started an action meanwhile.
        if (Busy || S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running))
        {
            return Refuse("restore");
        }

        S.Backup = NewJob(BackupOperation.Restore, backup.Reason, userId) with { BackupId = backupId, Source = backup };
        backupBytesDone = 0;
        await MoveToAsync(GameServerStatus.Restoring, $"restoring backup {backupId}");
        Begin(GameServerStatus.Restoring, RestoreWorkAsync);
        return GameServerResult.Ok(Info());
    }

    public IAsyncEnumerable<byte[]> DownloadBackupAsync(string userId, string backupId) =>
        Owns(userId) ? backups.DownloadAsync(S.BackupLocation, Id, backupId, userId) : AsyncEnumerable.Empty<byte[]>();

    public Task<string?> GetBackupDownloadUrlAsync(string userId, string backupId) =>
        Owns(userId) ? backups.GetDownloadUrlAsync(S.BackupLocation, Id, backupId, userId) : Task.FromResult<string?>(null);

    public async Task<GameServerResult> ConfigureBackupsAsync(string userId, BackupSchedule schedule)
    {
        if (!Owns(userId) || S.Status is GameServerStatus.Deleting or GameServerStatus.Deleted)
        {
            return NoSuchServer();
        }

        if (backups.CheckSchedule(schedule) is { } problem)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, problem, Info());
        }

        S.BackupSchedule = schedule;
        EnsureBackupLocation();
        await state.WriteStateAsync();
        if (schedule.Interval is { } period)
        {
            await this.RegisterOrUpdateReminder(BackupReminder, period, period);
        }
        else
        {
            await UnregisterBackupReminderAsync();
        }

        return GameServerResult.Ok(Info());
    }

    /// <summary>A scheduled tick: a backup when the server is settled; a busy server skips this one rather than queue it.</summary>
    private async Task OnBackupScheduleAsync()
    {
        if (S.Status is GameServerStatus.None or GameServerStatus.Deleted || S.BackupSchedule.Interval is null)
        {
            await UnregisterBackupReminderAsync();
            return;
        }

        await SettleAsync();
        if (S.Status is GameServerStatus.Sleeping or GameServerStatus.Running && !Busy)
        {
            if (await StartBackupAsync(BackupReason.Scheduled, "schedule") is { } refusal)
            {
                S.LastBackupOutcome = "scheduled backup skipped: " + refusal.Message;
                await state.WriteStateAsync();
            }
        }
        else
        {
            LogScheduledBackupSkipped(logger, Id, S.Status);
        }
    }

    /// <summary>Starts a backup as a power action, unless the backup unit refuses it (then nothing changed).</summary>
    private async Task<BackupRefusal?> StartBackupAsync(BackupReason reason, string requestedBy)
    {
        var job = NewJob(BackupOperation.Backup, reason, requestedBy);
        if (await backups.RefuseBackupAsync(S.BackupLocation!, S.Request!.OwnerId, Id, reason) is { } refusal)
        {
            return refusal;
        }

        // The await above let other calls in; one of them may have started an action meanwhile.
        if (Busy || S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running))
        {
            return new BackupRefusal(GameServerError.Busy, $"the server is {Describe(S.Status)}; try to back up again when that ends");
        }

        S.Backup = job with { ReturnTo = S.Status };
        backupBytesDone = 0;
        await MoveToAsync(GameServerStatus.BackingUp, $"backing up ({reason.ToString().ToLowerInvariant()})");
        Begin(GameServerStatus.BackingUp, BackUpWorkAsync);
        return null;
    }

    private BackupJob NewJob(BackupOperation operation, BackupReason reason, string requestedBy)
    {
        EnsureBackupLocation();
        var now = time.GetUtcNow();
        return new BackupJob(operation, BackupKeys.NewId(now), reason, requestedBy, S.Status, now, KeepNewest: S.BackupSchedule.KeepNewest);
    }

    /// <summary>Records where this server's backups go the first time it needs to know; it never moves afterwards.</summary>
    private void EnsureBackupLocation() => S.BackupLocation ??= backups.NewLocation(S.Request!.OwnerId, Id);

    /// <summary>Whether the caller owns this server. A deleted server's backups stay its owner's.</summary>
    private bool Owns(string userId) =>
        S.Status != GameServerStatus.None && S.Request is { } request && userId.Length > 0 && string.Equals(request.OwnerId, userId, StringComparison.Ordinal);

    private static GameServerResult NoSuchServer() => GameServerResult.Refused(GameServerError.NotFound, "there is no such server");

    private static string LastName(string path) => Path.GetFileName(path.TrimEnd('/'));

    private async Task UnregisterBackupReminderAsync()
    {
        if (await this.GetReminder(BackupReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
