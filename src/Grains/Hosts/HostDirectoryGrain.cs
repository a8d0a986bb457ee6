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
/// </remarks>
public sealed partial class HostDirectoryGrain(
    [PersistentState("hosts", GrainStorageNames.Default)] IPersistentState<HostDirectoryState> state,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<HostDirectoryGrain> logger) : Grain, IHostDirectoryGrain
{
    /// <summary>What a player and an owner are told when a wake finds no room on the server's host.</summary>
    public const string HostBusyMessage = "this host is busy, try again in a minute";

    private Dictionary<string, HostRecord> Hosts => state.State.Hosts;

    public async Task RegisterAsync(HostRegistration host)
    {
        if (Hosts.TryGetValue(host.Name, out var known))
        {
            if (known.Registration == host)
            {
                return;
            }

            known.Registration = host;
        }
        else
        {
            Hosts[host.Name] = new HostRecord { Registration = host, RegisteredAt = time.GetUtcNow() };
        }

        LogRegistered(logger, host.Name, host.Capacity.MemoryMb, host.Capacity.Cpus, host.Capacity.PublicPortFirst, host.Capacity.PublicPortLast);
        await state.WriteStateAsync();
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
        foreach (var host in HostChooser.Candidates(Hosts.Values, IsOnline, game.MemoryMb, game.Cpus, ports))
        {
            var serverId = GameServerIds.New(host.Name);
            var capacity = host.Registration.Capacity;

            // The count of free ports fits; a block of consecutive ones may still not (fragmentation).
            var first = await GrainFactory.GetGrain<IHostPortsGrain>(host.Name).AllocateAsync(serverId, ports, capacity.PublicPortFirst, capacity.PublicPortLast);
            if (first is null)
            {
                continue;
            }

            host.Servers[serverId] = new ServerReservation(serverId, request.OwnerId, request.Name, game.Id, game.MemoryMb, game.Cpus, ports);
            await state.WriteStateAsync();
            LogPlaced(logger, serverId, host.Name, game.Id);
            return HostChoice.Chosen(serverId, host.Name);
        }

        var online = Hosts.Values.Count(h => IsOnline(h.Name) && !h.Draining);
        LogNoRoom(logger, game.Id, online);
        return HostChoice.Refused(
            GameServerError.NoCapacity,
            $"no host has room for {game.DisplayName} ({game.MemoryMb} MB, {game.Cpus} CPUs, {ports} port(s)); {online} host(s) online and taking servers");
    }

    public async Task<HostChoice> ReserveOnAsync(HostRegistration host, ServerReservation server)
    {
        if (!Hosts.TryGetValue(host.Name, out var record))
        {
            await RegisterAsync(host);
            record = Hosts[host.Name];
        }

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

        record.Servers[server.ServerId] = server;
        await state.WriteStateAsync();
        LogPlaced(logger, server.ServerId, host.Name, server.GameId);
        return HostChoice.Chosen(server.ServerId, host.Name);
    }

    /// <summary>The user's server quota, counted over every host's reservations (a deleted server's is released).</summary>
    private string? OverServerQuota(string ownerId) =>
        ServiceProvider.GetRequiredService<UserQuotas>().RefuseServer(Hosts.Values.Sum(h => h.Servers.Values.Count(s => s.OwnerId == ownerId)));

    public async Task ReleaseAsync(string serverId)
    {
        var host = Hosts.Values.FirstOrDefault(h => h.Servers.ContainsKey(serverId));
        if (host is null)
        {
            return;
        }

        host.Servers.Remove(serverId);
        host.Running.Remove(serverId);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IHostPortsGrain>(host.Name).ReleaseAsync(serverId);
        LogReleased(logger, serverId, host.Name);
    }

    public async Task<HostChoice> AdmitAsync(string serverId, bool evenIfFull)
    {
        var host = Hosts.Values.FirstOrDefault(h => h.Servers.ContainsKey(serverId));
        if (host is null)
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
            host.BusyRefusals++;
            await state.WriteStateAsync();
            LogBusy(logger, serverId, host.Name, host.FreeMemoryMb, host.FreeCpus);
            return HostChoice.Refused(GameServerError.NoCapacity, HostBusyMessage);
        }

        host.Running.Add(serverId);
        await state.WriteStateAsync();
        return HostChoice.Chosen(serverId, host.Name);
    }

    public async Task StoppedAsync(string serverId)
    {
        var host = Hosts.Values.FirstOrDefault(h => h.Running.Contains(serverId));
        if (host is not null)
        {
            host.Running.Remove(serverId);
            await state.WriteStateAsync();
        }
    }

    public async Task<bool> SetDrainingAsync(string hostName, bool draining)
    {
        if (!Hosts.TryGetValue(hostName, out var host))
        {
            return false;
        }

        if (host.Draining != draining)
        {
            host.Draining = draining;
            await state.WriteStateAsync();
            LogDraining(logger, hostName, draining);
        }

        if (draining)
        {
            TellServersToMove(host);
        }

        return true;
    }

    public Task<IReadOnlyList<HostView>> ListHostsAsync() =>
        Task.FromResult<IReadOnlyList<HostView>>([.. Hosts.Values.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => h.ToView(IsOnline(h.Name)))]);

    public Task<ServerLocation?> FindServerAsync(string serverId)
    {
        foreach (var host in Hosts.Values)
        {
            if (host.Servers.TryGetValue(serverId, out var server))
            {
                return Task.FromResult<ServerLocation?>(new ServerLocation(host.Name, IsOnline(host.Name), server));
            }
        }

        return Task.FromResult<ServerLocation?>(null);
    }

    /// <summary>A host is online while a silo of its name is active in the cluster.</summary>
    private bool IsOnline(string hostName) =>
        membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.Name == hostName);

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
}
