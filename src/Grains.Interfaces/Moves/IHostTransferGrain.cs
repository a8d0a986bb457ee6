namespace Gsp.Moves;

/// <summary>
/// The engine work of moving servers, done on one Docker host (key: the host's name; the grain lives on that
/// host's silo): reading a server's data out, making a moved server's network, volume and containers with the
/// data copied in, and removing what a server left on the host. Only other grains call it.
/// </summary>
public interface IHostTransferGrain : IGrainWithStringKey
{
    /// <summary>
    /// The server's data folder as an uncompressed tar (root entry: the folder's last name), read from its stopped
    /// game container on this host as the caller consumes it, in chunks of at most 64 KiB. Throws when the
    /// container or the folder does not exist.
    /// </summary>
    [AlwaysInterleave]
    IAsyncEnumerable<byte[]> ReadDataAsync(string serverId, string dataPath);

    /// <summary>
    /// Makes the moved server on this host: network, data volume, the game container (created, not started) with
    /// the data streamed from <see cref="ServerMovePlan.SourceHost"/>, then the sidecar on the plan's public port,
    /// running. A host receives a few servers at once; others wait their turn. Leftovers of an earlier attempt are removed first, and a receive of the same server still under
    /// way is cancelled, so it is safe to repeat. A step that makes no progress for the silo's
    /// <c>ActionStepTimeout</c> fails the receive. Returns the bytes copied; throws on failure, and the caller
    /// then calls <see cref="RemoveServerAsync"/>.
    /// </summary>
    [ResponseTimeout("06:00:00")]
    Task<long> ReceiveAsync(ServerMovePlan plan);

    /// <summary>
    /// Removes the server's containers, network and data volume from this host, after cancelling a receive of it
    /// that is under way. When the engine fails, the removal is retried in the background until it succeeds
    /// (and checked once more after that, for requests the engine still held), and this returns false.
    /// </summary>
    Task<bool> RemoveServerAsync(string serverId);
}
