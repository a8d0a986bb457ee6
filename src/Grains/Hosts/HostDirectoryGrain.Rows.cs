namespace Gsp.Hosts;

// The directory's memory: its rows, loaded once at activation, with the indexes that answer each call
// without a scan over the servers (which host holds a server, how many servers an owner has).
public sealed partial class HostDirectoryGrain
{
    /// <summary>Host name → the host.</summary>
    private readonly Dictionary<string, HostEntry> hosts = new(StringComparer.Ordinal);

    /// <summary>
    /// Server id → the hosts it is placed on, in the order it was placed there: one, except while a move
    /// holds it on its target too. The first is the one calls by server id act on.
    /// </summary>
    private readonly Dictionary<string, List<HostEntry>> placements = new(StringComparer.Ordinal);

    /// <summary>Owner id → the reservations the owner holds, for the server quota.</summary>
    private readonly Dictionary<string, int> serversOfOwner = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var rows = await store.LoadAsync(cancellationToken);
        if (!rows.Imported && legacy.RecordExists)
        {
            await ImportLegacyAsync(cancellationToken);
            rows = await store.LoadAsync(cancellationToken);
        }

        foreach (var row in rows.Hosts)
        {
            hosts[row.Registration.Name] = HostEntry.FromRow(row);
        }

        foreach (var row in rows.Servers)
        {
            // A server row without its host's row cannot be placed or admitted; it is kept, and shown once the host registers.
            if (!hosts.TryGetValue(row.Host, out var host))
            {
                host = new HostEntry(new HostRegistration(row.Host, "", new HostCapacity(0, 0, 0, -1)), default);
                hosts[row.Host] = host;
            }

            Index(host, row.Server);
            if (row.Running)
            {
                host.MarkRunning(row.Server.ServerId);
            }
        }

        LogLoaded(logger, hosts.Count, rows.Servers.Count);
    }

    /// <summary>The host a call by server id acts on, or null when the server is placed nowhere.</summary>
    private HostEntry? HostOf(string serverId) => placements.TryGetValue(serverId, out var on) ? on[0] : null;

    /// <summary>Records a placement: its row first, then the indexes.</summary>
    private async Task PlaceAsync(HostEntry host, ServerReservation server)
    {
        await store.AddServerAsync(host.Name, server);
        Index(host, server);
    }

    private void Index(HostEntry host, ServerReservation server)
    {
        if (!host.Place(server))
        {
            return;
        }

        if (!placements.TryGetValue(server.ServerId, out var on))
        {
            placements[server.ServerId] = on = new List<HostEntry>(1);
        }

        on.Add(host);
        serversOfOwner[server.OwnerId] = serversOfOwner.GetValueOrDefault(server.OwnerId) + 1;
    }

    /// <summary>Forgets a placement: its row first, then the indexes.</summary>
    private async Task UnplaceAsync(HostEntry host, string serverId)
    {
        var server = host.Servers[serverId];
        await store.RemoveServerAsync(host.Name, serverId);
        host.Remove(serverId);
        var on = placements[serverId];
        on.Remove(host);
        if (on.Count == 0)
        {
            placements.Remove(serverId);
        }

        if (serversOfOwner[server.OwnerId] is var count && count > 1)
        {
            serversOfOwner[server.OwnerId] = count - 1;
        }
        else
        {
            serversOfOwner.Remove(server.OwnerId);
        }
    }

    /// <summary>
    /// Moves the blob an older build wrote (every host with every server) into the rows, in one transaction
    /// that also records the import, then empties the blob so no activation reads it again.
    /// </summary>
    private async Task ImportLegacyAsync(CancellationToken cancellationToken)
    {
        var old = legacy.State.Hosts.Values;
        var hostRows = old.Select(h => new HostRow(h.Registration, h.Draining, h.RegisteredAt, h.BusyRefusals)).ToList();
        var serverRows = old
            .SelectMany(h => h.Servers.Values.Select(s => new ServerRow(h.Registration.Name, s, h.Running.Contains(s.ServerId))))
            .ToList();
        await store.ImportAsync(hostRows, serverRows, cancellationToken);
        LogImported(logger, hostRows.Count, serverRows.Count);
        try
        {
            await legacy.ClearStateAsync();
        }
        catch (Exception ex)
        {
            LogLegacyNotCleared(logger, ex.Message);
        }

        legacy.State = new HostDirectoryState();
    }
}
