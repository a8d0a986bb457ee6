namespace Gsp.Hosts;

/// <summary>
/// Where each host's ports grain keeps its blocks: a row per block, so an allocation or a release writes one
/// row whatever the number of servers. Each write is durable when it returns; one that throws changed nothing.
/// </summary>
public interface IHostPortStore
{
    Task<HostPortRows> LoadAsync(string host, CancellationToken cancellationToken);

    /// <summary>
    /// Imports the blocks of an older build's blob in one transaction and records that the host's blob was
    /// imported. Blocks already stored win over imported ones of the same server.
    /// </summary>
    Task ImportAsync(string host, IReadOnlyDictionary<string, PortBlock> blocks, CancellationToken cancellationToken);

    /// <summary>Writes the server's block; replaces a block the server held.</summary>
    Task AddAsync(string host, string serverId, PortBlock block);

    /// <summary>Deletes the server's block; a no-op when it holds none.</summary>
    Task RemoveAsync(string host, string serverId);
}
