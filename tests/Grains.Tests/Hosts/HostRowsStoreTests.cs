using Gsp.Hosts;
using Gsp.Silo.Hosts;
using Gsp.Tests.Infrastructure;
using Npgsql;

namespace Gsp.Tests.Hosts;

/// <summary>
/// The PostgreSQL stores of the host directory and the hosts' ports, on a real database: what is written
/// reads back exactly, each write touches the one row it names, an import happens once and never
/// overwrites a stored row, and two Orleans services on one database never see each other's rows.
/// </summary>
public sealed class HostRowsStoreTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Directory_rows_read_back_exactly_and_each_write_changes_one_row()
    {
        var store = new PostgresHostDirectoryStore(database.ConnectionString, "service-a");
        var registration = new HostRegistration("alpha", "192.0.2.10", new HostCapacity(8192, 4.5m, 30000, 59999) { MemoryOvercommit = 1.5m, CpuOvercommit = 2m });
        var registeredAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        await store.SaveHostAsync(new HostRow(registration, false, registeredAt, 0));
        var servers = Enumerable.Range(0, 50).Select(i => new ServerReservation($"alpha.{i:D4}", $"owner-{i % 3}", $"server {i}", "demo", 64 + i, 0.25m * (i % 4 + 1), 1 + i % 2)).ToList();
        foreach (var server in servers)
        {
            await store.AddServerAsync("alpha", server);
        }

        var before = await RowVersionsAsync();
        await store.SetRunningAsync("alpha", "alpha.0007", true);
        await store.RemoveServerAsync("alpha", "alpha.0008");
        await store.SaveHostAsync(new HostRow(registration, true, registeredAt.AddDays(1), 5));
        var after = await RowVersionsAsync();

        // Exactly the rows named changed: one updated, one deleted, the host updated; the other 48 are untouched.
        Assert.Equal(["alpha.0007", "alpha.0008", "host:alpha"], before.Keys.Where(k => !after.TryGetValue(k, out var v) || v != before[k]).Order());
        var rows = await store.LoadAsync(CancellationToken.None);
        var host = Assert.Single(rows.Hosts);
        Assert.Equal(new HostRow(registration, true, registeredAt, 5), host);
        Assert.Equal(servers.Where(s => s.ServerId != "alpha.0008"), rows.Servers.Select(s => s.Server));
        Assert.Equal(["alpha.0007"], rows.Servers.Where(s => s.Running).Select(s => s.Server.ServerId));
        Assert.False(rows.Imported);
        Assert.Empty((await new PostgresHostDirectoryStore(database.ConnectionString, "service-b").LoadAsync(CancellationToken.None)).Servers);
    }

    [Fact]
    public async Task An_import_is_recorded_once_and_never_overwrites_a_stored_row()
    {
        var store = new PostgresHostDirectoryStore(database.ConnectionString, "service-import");
        var stored = new ServerReservation("alpha.0001", "owner-1", "kept", "demo", 64, 0.25m, 1);
        await store.AddServerAsync("alpha", stored);
        var registration = new HostRegistration("alpha", "192.0.2.10", new HostCapacity(1024, 1, 30000, 30009));

        await store.ImportAsync(
            [new HostRow(registration, true, DateTimeOffset.UnixEpoch, 2)],
            [
                new ServerRow("alpha", stored with { Name = "imported" }, true),
                new ServerRow("alpha", new ServerReservation("alpha.0002", "owner-2", "second", "valheim", 2048, 2, 2), true),
                new ServerRow("beta", new ServerReservation("beta.0001", "owner-1", "third", "demo", 64, 0.25m, 1), false),
            ],
            CancellationToken.None);
        var rows = await store.LoadAsync(CancellationToken.None);

        Assert.True(rows.Imported);
        Assert.Equal(["kept", "second", "third"], rows.Servers.Select(s => s.Server.Name));
        Assert.Equal([false, true, false], rows.Servers.Select(s => s.Running));
        Assert.True(Assert.Single(rows.Hosts).Draining);

        var ports = new PostgresHostPortStore(database.ConnectionString, "service-import");
        await ports.AddAsync("alpha", "alpha.0001", new PortBlock(30000, 1));
        await ports.ImportAsync("alpha", new Dictionary<string, PortBlock> { ["alpha.0001"] = new(30005, 1), ["alpha.0002"] = new(30001, 2) }, CancellationToken.None);
        await ports.RemoveAsync("alpha", "no-such-server");
        var blocks = await ports.LoadAsync("alpha", CancellationToken.None);

        Assert.True(blocks.Imported);
        Assert.False((await ports.LoadAsync("beta", CancellationToken.None)).Imported);
        Assert.Equal(new PortBlock(30000, 1), blocks.Blocks["alpha.0001"]);
        Assert.Equal(new PortBlock(30001, 2), blocks.Blocks["alpha.0002"]);
        await ports.RemoveAsync("alpha", "alpha.0001");
        Assert.Equal(["alpha.0002"], (await ports.LoadAsync("alpha", CancellationToken.None)).Blocks.Keys);
    }

    /// <summary>Each row's system column xmin, which changes whenever the row is written: server id (or host:name) → xmin.</summary>
    private async Task<Dictionary<string, string>> RowVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT server_id, xmin::text FROM gsp_host_server UNION ALL SELECT 'host:' || name, xmin::text FROM gsp_host", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var versions = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = reader.GetString(1);
        }

        return versions;
    }
}
