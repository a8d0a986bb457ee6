using Gsp.Hosts;

namespace Gsp.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IHostPortStore"/> that counts the rows each write touches. Rows outlive a silo
/// restart, as PostgreSQL's do. Thread-safe.
/// </summary>
public sealed class InMemoryHostPortStore : IHostPortStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, PortBlock>> hosts = new(StringComparer.Ordinal);
    private readonly HashSet<string> imported = new(StringComparer.Ordinal);

    /// <summary>Rows written (inserted, updated or deleted) since the store was made.</summary>
    public int RowsWritten { get; private set; }

    /// <summary>Stores blocks as if an earlier run had written them, without counting them.</summary>
    public void Seed(string host, IEnumerable<KeyValuePair<string, PortBlock>> blocks)
    {
        lock (gate)
        {
            foreach (var (serverId, block) in blocks)
            {
                Of(host)[serverId] = block;
            }
        }
    }

    public Task<HostPortRows> LoadAsync(string host, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(new HostPortRows(new Dictionary<string, PortBlock>(Of(host), StringComparer.Ordinal), imported.Contains(host)));
        }
    }

    public Task ImportAsync(string host, IReadOnlyDictionary<string, PortBlock> blocks, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var (serverId, block) in blocks)
            {
                Of(host).TryAdd(serverId, block);
            }

            imported.Add(host);
            RowsWritten += blocks.Count + 1;
        }

        return Task.CompletedTask;
    }

    public Task AddAsync(string host, string serverId, PortBlock block)
    {
        lock (gate)
        {
            Of(host)[serverId] = block;
            RowsWritten++;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string host, string serverId)
    {
        lock (gate)
        {
            if (Of(host).Remove(serverId))
            {
                RowsWritten++;
            }
        }

        return Task.CompletedTask;
    }

    private Dictionary<string, PortBlock> Of(string host)
    {
        if (!hosts.TryGetValue(host, out var blocks))
        {
            hosts[host] = blocks = new Dictionary<string, PortBlock>(StringComparer.Ordinal);
        }

        return blocks;
    }
}
