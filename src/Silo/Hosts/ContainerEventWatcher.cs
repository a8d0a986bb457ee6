using Gsp.Containers;
using Gsp.GameServers;

namespace Gsp.Silo.Hosts;

/// <summary>
/// Follows this host's container events and tells the server concerned, so a crash or a container
/// removed by hand is seen within moments instead of at the next idle check. Sweeps orphans first.
/// Restarts itself when the engine goes away, and stops with the silo.
/// </summary>
internal sealed partial class ContainerEventWatcher(
    IContainerRuntime containers,
    IGrainFactory grains,
    OrphanSweeper sweeper,
    TimeProvider time,
    ILogger<ContainerEventWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly HashSet<string> Relevant = ["start", "die", "oom", "destroy"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var events = containers.WatchEventsAsync(sweeper.HostLabels, stoppingToken);
                await sweeper.SweepAsync(stoppingToken);
                await foreach (var change in events)
                {
                    if (Relevant.Contains(change.Action)
                        && change.Labels.TryGetValue(ContainerLabels.ServerId, out var serverId)
                        && GameServerIds.IsWellFormed(serverId))
                    {
                        await grains.GetGrain<IGameServerGrain>(serverId).ReconcileAsync();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Also the normal path at start: grains cannot be called until the silo is active.
                LogWatchFailed(logger, ex.Message, RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching container events failed ({Reason}); retrying in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, string reason, TimeSpan delay);
}
