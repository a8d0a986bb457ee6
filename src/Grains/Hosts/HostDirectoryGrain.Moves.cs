using Gsp.GameServers;

namespace Gsp.Hosts;

// Moving servers between hosts: the target's ports are held under the server's id on the target's ports grain
// while the data is copied; only the commit moves the server's reservation, so until then the server is where it
// was for every placement, admission and lookup.
public sealed partial class HostDirectoryGrain
{
    public async Task<MoveTarget> ReserveMoveTargetAsync(string serverId, string? hostName)
    {
        var source = HostOf(serverId);
        if (source is null)
        {
            return MoveTarget.Refused(GameServerError.NotFound, $"server {serverId} is not placed on any host");
        }

        var server = source.Servers[serverId];
        IEnumerable<HostEntry> candidates;
        if (!string.IsNullOrEmpty(hostName))
        {
            if (!hosts.TryGetValue(hostName, out var asked))
            {
                return MoveTarget.Refused(GameServerError.NotFound, $"there is no host {hostName}");
            }

            if (asked == source || asked.Draining || !IsOnline(asked.Name))
            {
                return MoveTarget.Refused(
                    GameServerError.NoCapacity,
                    asked == source ? $"the server is already on {hostName}" : $"host {hostName} is {(asked.Draining ? "draining" : "offline")}");
            }

            candidates = [asked];
        }
        else
        {
            candidates = HostChooser.Candidates(hosts.Values.Where(h => h != source), IsOnline, server.MemoryMb, server.Cpus, server.Ports);
        }

        foreach (var host in candidates)
        {
            var capacity = host.Registration.Capacity;
            if (!host.Fits(server.MemoryMb, server.Cpus, server.Ports))
            {
                continue;
            }

            var first = await GrainFactory.GetGrain<IHostPortsGrain>(host.Name).AllocateAsync(serverId, server.Ports, capacity.PublicPortFirst, capacity.PublicPortLast);
            if (first is not null)
            {
                LogMoveReserved(logger, serverId, source.Name, host.Name, first.Value);
                return MoveTarget.Chosen(host.Name, host.Registration.PublicAddress, first.Value);
            }
        }

        return MoveTarget.Refused(
            GameServerError.NoCapacity,
            string.IsNullOrEmpty(hostName) ? "no other host has room for the server" : $"host {hostName} has no room for the server");
    }

    public async Task CommitMoveAsync(string serverId, string targetHost)
    {
        var source = HostOf(serverId);
        if (source is null || source.Name == targetHost || !hosts.TryGetValue(targetHost, out var target))
        {
            return;
        }

        // The target's row first, then the source's goes: a failure between the two leaves the server on
        // its old host (calls act on the first placement) and a retried commit finishes the switch.
        if (!target.Servers.ContainsKey(serverId))
        {
            await PlaceAsync(target, source.Servers[serverId]);
        }

        await UnplaceAsync(source, serverId);
        await GrainFactory.GetGrain<IHostPortsGrain>(source.Name).ReleaseAsync(serverId);
        LogMoved(logger, serverId, source.Name, targetHost);
    }

    public async Task CancelMoveAsync(string serverId)
    {
        var own = HostOf(serverId)?.Name;
        foreach (var host in hosts.Keys.Where(h => h != own).ToList())
        {
            await GrainFactory.GetGrain<IHostPortsGrain>(host).ReleaseAsync(serverId);
        }
    }

    public Task<bool> IsDrainingAsync(string hostName) =>
        Task.FromResult(hosts.TryGetValue(hostName, out var host) && host.Draining);

    /// <summary>Tells each server of a host that started draining; one-way, so the directory never waits on them.</summary>
    private void TellServersToMove(HostEntry host)
    {
        foreach (var serverId in host.Servers.Keys)
        {
            _ = GrainFactory.GetGrain<IGameServerGrain>(serverId).OnHostDrainingAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId} moving from host {Source} to {Target}: ports from {FirstPort} held there")]
    private static partial void LogMoveReserved(ILogger logger, string serverId, string source, string target, int firstPort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId} moved from host {Source} to {Target}")]
    private static partial void LogMoved(ILogger logger, string serverId, string source, string target);
}
