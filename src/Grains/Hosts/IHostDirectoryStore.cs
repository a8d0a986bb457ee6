namespace Gsp.Hosts;

/// <summary>
/// Where the host directory keeps its hosts and servers: a row per host and a row per placed server, so a
/// change writes the one row it changes whatever the number of servers. Each write is durable when it
/// returns; one that throws changed nothing. The directory reads everything once, when it activates.
/// </summary>
public interface IHostDirectoryStore
{
    Task<HostDirectoryRows> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Imports the hosts and servers of an older build's blob in one transaction and records that it was
    /// imported. Rows already stored win over imported ones with the same key.
    /// </summary>
    Task ImportAsync(IReadOnlyList<HostRow> hosts, IReadOnlyList<ServerRow> servers, CancellationToken cancellationToken);

    /// <summary>Writes the host's row: inserted, or every field replaced except when it registered first.</summary>
    Task SaveHostAsync(HostRow host);

    /// <summary>Writes the row of a server placed on a host, not running; replaces a row of the same server and host.</summary>
    Task AddServerAsync(string host, ServerReservation server);

    /// <summary>Records whether the server's game runs; a no-op for a server not on the host.</summary>
    Task SetRunningAsync(string host, string serverId, bool running);

    /// <summary>Deletes the server's row on the host; a no-op when there is none.</summary>
    Task RemoveServerAsync(string host, string serverId);
}
