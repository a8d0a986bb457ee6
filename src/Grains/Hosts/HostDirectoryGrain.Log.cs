namespace Gsp.Hosts;

public sealed partial class HostDirectoryGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} registered: {MemoryMb} MB, {Cpus} CPUs, ports {First}-{Last}")]
    private static partial void LogRegistered(ILogger logger, string host, int memoryMb, decimal cpus, int first, int last);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId} ({GameId}) placed on host {Host}")]
    private static partial void LogPlaced(ILogger logger, string serverId, string host, string gameId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No host has room for a {GameId} server ({Online} host(s) online and taking servers)")]
    private static partial void LogNoRoom(ILogger logger, string gameId, int online);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId} released its reservation on host {Host}")]
    private static partial void LogReleased(ILogger logger, string serverId, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake of {ServerId} refused: host {Host} is busy ({FreeMemoryMb} MB and {FreeCpus} CPUs free for running games)")]
    private static partial void LogBusy(ILogger logger, string serverId, string host, int freeMemoryMb, decimal freeCpus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} draining: {Draining}")]
    private static partial void LogDraining(ILogger logger, string host, bool draining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host directory loaded: {Hosts} host(s), {Servers} server(s)")]
    private static partial void LogLoaded(ILogger logger, int hosts, int servers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Host directory: {Hosts} host(s) and {Servers} server(s) imported from the state an older build stored")]
    private static partial void LogImported(ILogger logger, int hosts, int servers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host directory: the imported state could not be cleared ({Reason}); it is not imported again")]
    private static partial void LogLegacyNotCleared(ILogger logger, string reason);
}
