using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Quotas;
using Gsp.Storage;
using Orleans.Runtime;

namespace Gsp.Hosts;

/// <inheritdoc cref="IHostDirectoryGrain"/>
/// <remarks>
/// Not reentrant on purpose: a choice and its reservation are one turn, so two creates racing for the
/// last room on a host are decided one after the other. Liveness is the cluster's membership view.
/// Each change writes the one row it changes (<see cref="IHostDirectoryStore"/>) before it is applied in
/// memory, so a write that fails changes nothing; see HostDirectoryGrain.Rows.cs for the indexes.
/// </remarks>
public sealed partial class HostDirectoryGrain(
    [PersistentState("hosts", GrainStorageNames.Default)] IPersistentState<HostDirectoryState> legacy,
    IHostDirectoryStore store,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<HostDirectoryGrain> logger) : Grain, IHostDirectoryGrain
{
    /// <summary>What a player and an owner are told when a wake finds no room on the server's host.</summary>
    public const string HostBusyMessage = "this host is busy, try again in a minute";

    public async Task RegisterAsync(HostRegistration host)
    {
        var known = hosts.GetValueOrDefault(host.Name);
        if (known?.Registration == host)
        {
            return;
        }

        var entry = known ?? new HostEntry(host, time.GetUtcNow());
        await store.SaveHostAsync(entry.ToRow() with { Registration = host });
        entry.Registration = host;
        hosts[host.Name] = entry;
        LogRegistered(logger, host.Name, host.Capacity.MemoryMb, host.Capacity.Cpus, host.Capacity.PublicPortFirst, host.Capacity.PublicPortLast);
    }

    public async Task<HostChoice> ChooseHostAsync(CreateGameServer request)
    {
        var game = await GrainFactory.GetGrain<ICatalogGrain>(0).GetAsync(request.GameId);
        if (game is null)
        {
            return HostChoice.Refused(GameServerError.InvalidRequest, $"there is no game '{request.GameId}' in the catalog");
        }

        if (OverServerQuota(request.OwnerId) is { } overQuota)
        {
            return HostChoice.Refused(GameServerError.QuotaExceeded, overQuota);
        }

        var ports = game.Ports.Max(p => p.Number) - game.Ports.Min(p => p.Number) + 1;
        foreach (var host in HostChooser.Candidates(hosts.Values, IsOnline, game.MemoryMb, game.Cpus, ports))
        {
            var serverId = GameServerIds.New(host.Name);
            var capacity = host.Registration.Capacity;

            // The count of free ports fits; a block of consecutive ones may still not (fragmentation).
            var hostPorts = GrainFactory.GetGrain<IHostPortsGrain>(host.Name);
            var first = await hostPorts.AllocateAsync(serverId, ports, capacity.PublicPortFirst, capacity.PublicPortLast);
            if (first is null)
            {
                continue;
            }

            var server = new ServerReservation(serverId, request.OwnerId, request.Name, game.Id, game.MemoryMb, game.Cpus, ports);
            try
            {
                await PlaceAsync(host, server);
            }
            catch
            {
                // Nothing half-made: the block goes back when the reservation could not be recorded.
                await hostPorts.ReleaseAsync(serverId);
                throw;
            }

            LogPlaced(logger, serverId, host.Name, game.Id);
            return HostChoice.Chosen(serverId, host.Name);
        }

        var online = hosts.Values.Count(h => IsOnline(h.Name) && !h.Draining);
        LogNoRoom(logger, game.Id, online);
        return HostChoice.Refused(
            GameServerError.NoCapacity,
            $"no host has room for {game.DisplayName} ({game.MemoryMb} MB, {game.Cpus} CPUs, {ports} port(s)); {online} host(s) online and taking servers");
    }

    public async Task<HostChoice> ReserveOnAsync(HostRegistration host, ServerReservation server)
    {
        if (!hosts.ContainsKey(host.Name))
        {
            await RegisterAsync(host);
        }

        var record = hosts[host.Name];
        if (record.Servers.ContainsKey(server.ServerId))
        {
            return HostChoice.Chosen(server.ServerId, host.Name);
        }

        if (record.Draining)
        {
            return HostChoice.Refused(GameServerError.NoCapacity, $"host {host.Name} is draining: it takes no new servers");
        }

        if (OverServerQuota(server.OwnerId) is { } overQuota)
        {
            return HostChoice.Refused(GameServerError.QuotaExceeded, overQuota);
        }

        // Ports are allocated by the server grain itself, as a block; here only whether the game can ever run.
        if (!record.Fits(server.MemoryMb, server.Cpus, 0))
        {
            return HostChoice.Refused(
                GameServerError.NoCapacity,
                $"host {host.Name} runs games of at most {record.Registration.Capacity.MemoryBudgetMb} MB and {record.Registration.Capacity.CpuBudget} CPUs; the server needs {server.MemoryMb} MB and {server.Cpus}");
        }

        await PlaceAsync(record, server);
        LogPlaced(logger, server.ServerId, host.Name, server.GameId);
        return HostChoice.Chosen(server.ServerId, host.Name);
    }

    /// <summary>The user's server quota, counted over every host's reservations (a deleted server's is released).</summary>
    private string? OverServerQuota(string ownerId) =>
        ServiceProvider.GetRequiredService<UserQuotas>().RefuseServer(serversOfOwner.GetValueOrDefault(ownerId));

    public async Task ReleaseAsync(string serverId)
    {
        if (HostOf(serverId) is not { } host)
        {
            return;
        }

        await UnplaceAsync(host, serverId);
        await GrainFactory.GetGrain<IHostPortsGrain>(host.Name).ReleaseAsync(serverId);
        LogReleased(logger, serverId, host.Name);
    }

    public async Task<HostChoice> AdmitAsync(string serverId, bool evenIfFull)
    {
        if (HostOf(serverId) is not { } host)
        {
            return HostChoice.Refused(GameServerError.NotFound, $"server {serverId} is not placed on any host");
        }

        var server = host.Servers[serverId];
        if (host.Running.Contains(serverId))
        {
            return HostChoice.Chosen(serverId, host.Name);
        }

        if (!evenIfFull && !host.CanRun(server))
        {
            await store.SaveHostAsync(host.ToRow() with { BusyRefusals = host.BusyRefusals + 1 });
            host.BusyRefusals++;
            LogBusy(logger, serverId, host.Name, host.FreeMemoryMb, host.FreeCpus);
            return HostChoice.Refused(GameServerError.NoCapacity, HostBusyMessage);
        }

        await store.SetRunningAsync(host.Name, serverId, true);
        host.MarkRunning(serverId);
        return HostChoice.Chosen(serverId, host.Name);
    }

    public async Task StoppedAsync(string serverId)
    {
        if (HostOf(serverId) is { } host && host.Running.Contains(serverId))
        {
            await store.SetRunningAsync(host.Name, serverId, false);
            host.MarkStopped(serverId);
        }
    }

    public async Task<bool> SetDrainingAsync(string hostName, bool draining)
    {
        if (!hosts.TryGetValue(hostName, out var host))
        {
            return false;
        }

        if (host.Draining != draining)
        {
            await store.SaveHostAsync(host.ToRow() with { Draining = draining });
            host.Draining = draining;
            LogDraining(logger, hostName, draining);
        }

        if (draining)
        {
            TellServersToMove(host);
        }

        return true;
    }

    public Task<IReadOnlyList<HostView>> ListHostsAsync() =>
        Task.FromResult<IReadOnlyList<HostView>>([.. hosts.Values.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => h.ToView(IsOnline(h.Name)))]);

    public Task<ServerLocation?> FindServerAsync(string serverId) =>
        Task.FromResult(HostOf(serverId) is { } host
            ? new ServerLocation(host.Name, IsOnline(host.Name), host.Servers[serverId])
            : null);

    /// <summary>A host is online while a silo of its name is active in the cluster.</summary>
    private bool IsOnline(string hostName) =>
        membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.Name == hostName);
}
