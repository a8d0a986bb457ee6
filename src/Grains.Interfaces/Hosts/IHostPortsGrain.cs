namespace Gsp.Hosts;

/// <summary>
/// The public ports of one Docker host (key: the host's name) and which server holds which. A server
/// holds a block of consecutive ports when its game needs several (Valheim: 2456–2457).
/// </summary>
public interface IHostPortsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive ports in [first, last] for the server and returns the
    /// first, or null when none is free. Idempotent: a server that already holds a block gets it again.
    /// </summary>
    Task<int?> AllocateAsync(string serverId, int count, int first, int last);

    /// <summary>Frees the server's block; a no-op when it holds none.</summary>
    Task ReleaseAsync(string serverId);

    /// <summary>Every held block: server id → first port.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyDictionary<string, int>> ListAsync();
}
