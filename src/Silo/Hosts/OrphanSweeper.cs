using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;

namespace Gsp.Silo.Hosts;

/// <summary>
/// Finds containers on this host that carry the platform's labels but belong to no server (a server
/// deleted while the silo was down, a crash between steps), reports them and removes them with their
/// network. Data volumes are reported and kept: deleting data is never done on a guess. A server that
/// lives on another host now (moved while this silo was down) is no guess: its containers, network and
/// stale data here are removed.
/// Asking each server about itself also activates it, so every server on the host reconciles at start.
/// Only objects labelled with this installation's id are considered: another installation on the same
/// engine (a test run beside a platform, with the same host name and service id) is never touched.
/// </summary>
internal sealed partial class OrphanSweeper(
    IContainerRuntime containers,
    IGrainFactory grains,
    IHostIdentity host,
    ILogger<OrphanSweeper> logger)
{
    public IReadOnlyDictionary<string, string> HostLabels => new Dictionary<string, string>
    {
        [ContainerLabels.Managed] = "true",
        [ContainerLabels.Installation] = host.InstallationId,
        [ContainerLabels.Host] = host.Name,
    };

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        var found = await containers.ListContainersAsync(HostLabels, cancellationToken);
        foreach (var server in found.GroupBy(c => c.Labels.GetValueOrDefault(ContainerLabels.ServerId, "")))
        {
            var info = GameServerIds.IsWellFormed(server.Key)
                ? await grains.GetGrain<IGameServerGrain>(server.Key).GetInfoAsync()
                : null;
            if (info is not null && info.Status != GameServerStatus.Deleted && (info.HostName == host.Name || info.Status == GameServerStatus.Moving))
            {
                continue;
            }

            // A server that moved to another host (its old host's silo was down when the move finished, or a failed
            // move's target was) lives there with its data: what it left here is a stale copy, removed with the rest.
            var movedAway = info is not null && info.Status != GameServerStatus.Deleted;

            foreach (var container in server)
            {
                LogOrphan(logger, container.Name, server.Key);
                await containers.RemoveContainerAsync(container.Name, cancellationToken);
                removed++;
            }

            if (server.Key.Length > 0)
            {
                var resources = new ServerResources(server.Key);
                await containers.RemoveNetworkAsync(resources.Network, cancellationToken);
                if (movedAway)
                {
                    await containers.RemoveVolumeAsync(resources.DataVolume, cancellationToken);
                    LogMovedAwayVolumeRemoved(logger, resources.DataVolume, info!.HostName);
                }
                else
                {
                    LogOrphanVolumeKept(logger, resources.DataVolume);
                }
            }
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} is labelled as ours but server '{ServerId}' does not exist: removed")]
    private static partial void LogOrphan(ILogger logger, string container, string serverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Volume {Volume} removed: its server lives on host {Host} now")]
    private static partial void LogMovedAwayVolumeRemoved(ILogger logger, string volume, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume {Volume} (if present) belongs to no server; kept: remove it by hand once its data is not needed")]
    private static partial void LogOrphanVolumeKept(ILogger logger, string volume);
}
