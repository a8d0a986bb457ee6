namespace Gsp.Wallets;

public sealed partial class WalletGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet {UserId}: {Kind} of {Amount}, balance now {Balance}")]
    private static partial void LogEntry(ILogger logger, string userId, LedgerEntryKind kind, decimal amount, decimal balance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {UserId}: credits exhausted (balance {Balance}), {Servers} server(s) to hibernate")]
    private static partial void LogExhausted(ILogger logger, string userId, decimal balance, int servers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wallet {UserId}: refused ({Error}): {Message}")]
    private static partial void LogRefused(ILogger logger, string userId, WalletError error, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Wallet {UserId}: the state could not be written; the change is undone and the grain reloads")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wallet {UserId}: could not tell server {ServerId} that the credits ran out; its billing tick will notice")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string userId, string serverId);
}
