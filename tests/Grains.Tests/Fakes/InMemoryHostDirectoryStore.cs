using Gsp.Hosts;

namespace Gsp.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IHostDirectoryStore"/> that counts the rows each write touches, so a test proves
/// by counting what a change costs. Rows outlive a silo restart, as PostgreSQL's do. Thread-safe.
/// </summary>
public sealed class InMemoryHostDirectoryStore : IHostDirectoryStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HostRow> hosts = new(StringComparer.Ordinal);
    private readonly List<ServerRow> servers = [];
    private bool imported;

    /// <summary>Rows written (inserted, updated or deleted) since the store was made.</summary>
    public int RowsWritten { get; private set; }

    public int ServerCount
    {
        get
        {
            lock (gate)
            {
                return servers.Count;
            }
        }
    }

    /// <summary>Stores rows as if an earlier run had written them, without counting them.</summary>
    public void Seed(HostRow host, IEnumerable<ServerRow> placed)
    {
        lock (gate)
        {
            hosts[host.Registration.Name] = host;
            servers.AddRange(placed);
        }
    }

    public Task<HostDirectoryRows> LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(new HostDirectoryRows([.. hosts.Values], [.. servers], imported));
        }
    }

    public Task ImportAsync(IReadOnlyList<HostRow> imports, IReadOnlyList<ServerRow> placed, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            foreach (var host in imports)
            {
                hosts.TryAdd(host.Registration.Name, host);
            }

            servers.AddRange(placed.Where(p => IndexOf(p.Host, p.Server.ServerId) < 0));
            imported = true;
            RowsWritten += imports.Count + placed.Count + 1;
        }

        return Task.CompletedTask;
    }

    public Task SaveHostAsync(HostRow host)
    {
        lock (gate)
        {
            var registeredAt = hosts.TryGetValue(host.Registration.Name, out var known) ? known.RegisteredAt : host.RegisteredAt;
            hosts[host.Registration.Name] = host with { RegisteredAt = registeredAt };
            RowsWritten++;
        }

        return Task.CompletedTask;
    }

    public Task AddServerAsync(string host, ServerReservation server)
    {
        lock (gate)
        {
            var index = IndexOf(host, server.ServerId);
            if (index >= 0)
            {
                servers.RemoveAt(index);
            }

            servers.Add(new ServerRow(host, server, false));
            RowsWritten++;
        }

        return Task.CompletedTask;
    }

    public Task SetRunningAsync(string host, string serverId, bool running)
    {
        lock (gate)
        {
            var index = IndexOf(host, serverId);
            if (index >= 0)
            {
                servers[index] = servers[index] with { Running = running };
                RowsWritten++;
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveServerAsync(string host, string serverId)
    {
        lock (gate)
        {
            var index = IndexOf(host, serverId);
            if (index >= 0)
            {
                servers.RemoveAt(index);
                RowsWritten++;
            }
        }

        return Task.CompletedTask;
    }

    private int IndexOf(string host, string serverId) => servers.FindIndex(s => s.Host == host && s.Server.ServerId == serverId);
}
