namespace Gsp.Backups;

public sealed partial class ServerBackups
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: backup {BackupId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string serverId, string backupId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server {ServerId}: backup {BackupId} failed unexpectedly")]
    private static partial void LogFailedUnexpectedly(ILogger logger, Exception exception, string serverId, string backupId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the backup target failed: {Reason}")]
    private static partial void LogTargetFailed(ILogger logger, string serverId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: backup {BackupId} deleted by {RequestedBy}")]
    private static partial void LogDeleted(ILogger logger, string serverId, string backupId, string requestedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: backup {BackupId} downloaded by {UserId}")]
    private static partial void LogDownload(ILogger logger, string serverId, string backupId, string userId);
}
