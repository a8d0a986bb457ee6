using Gsp.Storage;

namespace Gsp.Hosts;

/// <inheritdoc cref="IHostPortsGrain"/>
/// <remarks>
/// Each block is a row (<see cref="IHostPortStore"/>), loaded once at activation; the free ports are a
/// <see cref="PortMap"/>, built for the range callers ask about and kept while they ask about the same one,
/// so an allocation costs O(log range) and writes one row however many servers the host holds.
/// </remarks>
public sealed partial class HostPortsGrain(
    [PersistentState("ports", GrainStorageNames.Default)] IPersistentState<HostPortsState> legacy,
    IHostPortStore store,
    ILogger<HostPortsGrain> logger) : Grain, IHostPortsGrain
{
    private readonly Dictionary<string, PortBlock> blocks = new(StringComparer.Ordinal);
    private PortMap? map;

    private string Host => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var rows = await store.LoadAsync(Host, cancellationToken);
        if (!rows.Imported && legacy.RecordExists)
        {
            await store.ImportAsync(Host, legacy.State.Blocks, cancellationToken);
            LogImported(logger, Host, legacy.State.Blocks.Count);
            rows = await store.LoadAsync(Host, cancellationToken);
            await ClearLegacyAsync();
        }

        foreach (var (serverId, block) in rows.Blocks)
        {
            blocks[serverId] = block;
        }
    }

    public async Task<int?> AllocateAsync(string serverId, int count, int first, int last)
    {
        if (blocks.TryGetValue(serverId, out var held))
        {
            return held.First;
        }

        if (count < 1 || last < first)
        {
            return null;
        }

        var free = MapOf(first, last);
        if (free.FindFree(count) is not { } candidate)
        {
            return null;
        }

        var block = new PortBlock(candidate, count);
        await store.AddAsync(Host, serverId, block);
        blocks[serverId] = block;
        free.Take(candidate, count);
        return candidate;
    }

    public async Task ReleaseAsync(string serverId)
    {
        if (!blocks.TryGetValue(serverId, out var block))
        {
            return;
        }

        await store.RemoveAsync(Host, serverId);
        blocks.Remove(serverId);
        map?.Free(block.First, block.Count);
    }

    public Task<IReadOnlyDictionary<string, int>> ListAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(blocks.ToDictionary(b => b.Key, b => b.Value.First));

    /// <summary>
    /// The free ports of [first, last]. Callers ask with the host's range; one that changed (a host registered
    /// again with other ports) rebuilds the map once from the held blocks, which keep their ports either way.
    /// </summary>
    private PortMap MapOf(int first, int last)
    {
        if (map is not null && map.First == first && map.Last == last)
        {
            return map;
        }

        map = new PortMap(first, last);
        foreach (var block in blocks.Values)
        {
            map.Take(block.First, block.Count);
        }

        return map;
    }

    /// <summary>The imported blob is emptied so no later activation reads it; its rows are the truth from now on.</summary>
    private async Task ClearLegacyAsync()
    {
        try
        {
            await legacy.ClearStateAsync();
        }
        catch (Exception ex)
        {
            // Harmless: the import is recorded, so the blob is never imported again.
            LogLegacyNotCleared(logger, Host, ex.Message);
        }

        legacy.State = new HostPortsState();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host}: {Blocks} port block(s) imported from the state an older build stored")]
    private static partial void LogImported(ILogger logger, string host, int blocks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: the imported port state could not be cleared ({Reason}); it is not imported again")]
    private static partial void LogLegacyNotCleared(ILogger logger, string host, string reason);
}
