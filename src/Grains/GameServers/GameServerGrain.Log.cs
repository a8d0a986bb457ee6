namespace Gsp.GameServers;

public sealed partial class GameServerGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: {From} → {To} ({Detail})")]
    private static partial void LogTransition(ILogger logger, string serverId, GameServerStatus from, GameServerStatus to, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server {ServerId}: the {Transition} action kept failing for {Window} and the server is marked failed: {Reason}")]
    private static partial void LogActionFailed(ILogger logger, string serverId, GameServerStatus transition, TimeSpan window, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: attempt {Attempt} of the {Transition} action failed, retrying: {Reason}")]
    private static partial void LogActionStepFailed(ILogger logger, string serverId, GameServerStatus transition, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: attempt {Attempt} of the {Transition} action failed")]
    private static partial void LogActionStepFailedWithException(ILogger logger, Exception exception, string serverId, GameServerStatus transition, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: deployment failed, everything made was removed: {Reason}")]
    private static partial void LogDeployFailed(ILogger logger, string serverId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the game could not start: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string serverId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: reconciliation failed: {Reason}")]
    private static partial void LogReconcileFailed(ILogger logger, string serverId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the {Role} container was missing and is redeployed")]
    private static partial void LogRedeployed(ILogger logger, string serverId, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the game crashed (exit code {ExitCode}, out of memory: {OutOfMemory})")]
    private static partial void LogCrash(ILogger logger, string serverId, int exitCode, bool outOfMemory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: quiet for {Quiet} (CPU {Cpu:F1}%), putting it to sleep")]
    private static partial void LogIdleSleep(ILogger logger, string serverId, TimeSpan quiet, double cpu);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the owner {OwnerId} has no credits left, hibernating")]
    private static partial void LogCreditsExhausted(ILogger logger, string serverId, string ownerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: refused to {Action}: the owner {OwnerId} has no credits")]
    private static partial void LogNoCredits(ILogger logger, string serverId, string ownerId, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: could not charge the slice from {PeriodStart:u}; it stays due and is retried")]
    private static partial void LogBillingFailed(ILogger logger, Exception exception, string serverId, DateTimeOffset periodStart);

    [LoggerMessage(Level = LogLevel.Error, Message = "Server {ServerId}: the wallet refused the slice from {PeriodStart:u} ({Error}: {Reason}); it stays due")]
    private static partial void LogChargeRefused(ILogger logger, string serverId, DateTimeOffset periodStart, Gsp.Wallets.WalletError error, string reason);




    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: scheduled backup skipped, the server is {Status}")]
    private static partial void LogScheduledBackupSkipped(ILogger logger, string serverId, GameServerStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: wake refused: {Reason}")]
    private static partial void LogWakeRefusedBusy(ILogger logger, string serverId, string reason);
}
