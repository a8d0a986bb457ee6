namespace Gsp.WebFrontend.Cluster;

/// <summary>Keeps looking for a gateway for as long as the dashboard runs, logging each failed attempt.</summary>
internal sealed partial class RetryUntilConnectedFilter(
    ClusterClientSettings settings,
    ClusterConnectionState state,
    ILogger<RetryUntilConnectedFilter> logger,
    TimeProvider timeProvider) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        state.MarkFailed(exception.Message);
        LogRetry(logger, exception.Message, settings.ConnectRetryDelay);
        try
        {
            await Task.Delay(settings.ConnectRetryDelay, timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster not reachable ({Reason}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string reason, TimeSpan delay);
}
