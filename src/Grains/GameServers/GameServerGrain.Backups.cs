using System.Runtime.CompilerServices;
using Gsp.Backups;
using Gsp.Quotas;

namespace Gsp.GameServers;

// Backups as owners see them: take, list, delete, restore, download, schedule. Every call checks the
// caller owns the server and answers a stranger exactly as if the server did not exist. The work of a
// backup or restore runs in the background like the other power actions (GameServerGrain.BackupWork.cs).
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

        if (ServiceProvider.GetRequiredService<UserQuotas>().RefuseBackup((await ListBackupsAsync(userId)).Backups) is { } overQuota)
        {
            return GameServerResult.Refused(GameServerError.QuotaExceeded, overQuota, Info());
        }

        switch (S.Status)
        {
            case GameServerStatus.Sleeping or GameServerStatus.Running when !Busy:
                await StartBackupAsync(BackupReason.Manual, userId);
                return GameServerResult.Ok(Info());
            default:
                return Refuse("back up");
        }
    }

    public async Task<BackupList> ListBackupsAsync(string userId)
    {
        if (!Owns(userId))
        {
            return new BackupList(GameServerError.NotFound, "there is no such server", []);
        }

        if (S.BackupLocation is not { } location)
        {
            return new BackupList(GameServerError.None, "", []);
        }

        try
        {
            var found = await backupTargets.Get(location.Target).ListAsync(location.Prefix, CancellationToken.None);
            return new BackupList(GameServerError.None, "", [.. found.Where(b => b.ServerId == Id).OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id, StringComparer.Ordinal)]);
        }
        catch (BackupTargetException e)
        {
            LogBackupTargetFailed(logger, Id, e.Message);
            return new BackupList(GameServerError.Unavailable, e.Message, []);
        }
    }

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

        try
        {
            await backupTargets.Get(location.Target).DeleteAsync(location.Prefix, backupId, CancellationToken.None);
            LogBackupDeleted(logger, Id, backupId, userId);
            return GameServerResult.Ok(Info(), $"backup {backupId} deleted");
        }
        catch (BackupTargetException e)
        {
            LogBackupTargetFailed(logger, Id, e.Message);
            return GameServerResult.Refused(GameServerError.Unavailable, e.Message, Info());
        }
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
            backup = S.BackupLocation is { } location && BackupKeys.IsValidId(backupId)
                ? await backupTargets.Get(location.Target).FindAsync(location.Prefix, backupId, CancellationToken.None)
                : null;
        }
        catch (BackupTargetException e)
        {
            return GameServerResult.Refused(GameServerError.Unavailable, e.Message, Info());
        }

        if (backup is null || backup.ServerId != Id)
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

    public async IAsyncEnumerable<byte[]> DownloadBackupAsync(string userId, string backupId)
    {
        if (!Owns(userId) || S.BackupLocation is not { } location || !BackupKeys.IsValidId(backupId))
        {
            yield break;
        }

        var target = backupTargets.Get(location.Target);
        if (await target.FindAsync(location.Prefix, backupId, CancellationToken.None) is not { } backup || backup.ServerId != Id)
        {
            yield break;
        }

        LogBackupDownload(logger, Id, backupId, userId);
        await using var stored = await target.OpenReadAsync(location.Prefix, backupId, CancellationToken.None);
        var size = backupOptions.Value.DownloadChunkBytes;
        while (true)
        {
            // A fresh array per chunk: it leaves this method as a message, so it cannot be a pooled buffer.
            var chunk = new byte[size];
            var read = await stored.ReadAtLeastAsync(chunk, size, throwOnEndOfStream: false);
            if (read == 0)
            {
                yield break;
            }

            yield return read == size ? chunk : chunk[..read];
        }
    }

    public async Task<string?> GetBackupDownloadUrlAsync(string userId, string backupId)
    {
        if (!Owns(userId) || S.BackupLocation is not { } location || !BackupKeys.IsValidId(backupId))
        {
            return null;
        }

        try
        {
            var target = backupTargets.Get(location.Target);
            if (await target.FindAsync(location.Prefix, backupId, CancellationToken.None) is not { } backup || backup.ServerId != Id)
            {
                return null;
            }

            var url = await target.GetDownloadUrlAsync(location.Prefix, backupId, backupOptions.Value.DownloadUrlLifetime, CancellationToken.None);
            if (url is not null)
            {
                LogBackupDownload(logger, Id, backupId, userId);
            }

            return url?.AbsoluteUri;
        }
        catch (BackupTargetException e)
        {
            LogBackupTargetFailed(logger, Id, e.Message);
            return null;
        }
    }

    public async Task<GameServerResult> ConfigureBackupsAsync(string userId, BackupSchedule schedule)
    {
        if (!Owns(userId) || S.Status is GameServerStatus.Deleting or GameServerStatus.Deleted)
        {
            return NoSuchServer();
        }

        var limits = backupOptions.Value;
        if (schedule.Interval is { } interval && interval < limits.MinimumInterval)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"backups can be scheduled at most every {limits.MinimumInterval}", Info());
        }

        if (schedule.KeepNewest < 1 || schedule.KeepNewest > limits.MaximumKeep)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"keep between 1 and {limits.MaximumKeep} scheduled backups", Info());
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
            await StartBackupAsync(BackupReason.Scheduled, "schedule");
        }
        else
        {
            LogScheduledBackupSkipped(logger, Id, S.Status);
        }
    }

    private async Task StartBackupAsync(BackupReason reason, string requestedBy)
    {
        S.Backup = NewJob(BackupOperation.Backup, reason, requestedBy);
        backupBytesDone = 0;
        await MoveToAsync(GameServerStatus.BackingUp, $"backing up ({reason.ToString().ToLowerInvariant()})");
        Begin(GameServerStatus.BackingUp, BackUpWorkAsync);
    }

    private BackupJob NewJob(BackupOperation operation, BackupReason reason, string requestedBy)
    {
        EnsureBackupLocation();
        var now = time.GetUtcNow();
        return new BackupJob(operation, BackupKeys.NewId(now), reason, requestedBy, S.Status, now);
    }

    /// <summary>Records where this server's backups go the first time it needs to know; it never moves afterwards.</summary>
    private void EnsureBackupLocation() =>
        S.BackupLocation ??= new BackupLocation(backupTargets.DefaultName, BackupKeys.Prefix(S.Request!.OwnerId, Id));

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
