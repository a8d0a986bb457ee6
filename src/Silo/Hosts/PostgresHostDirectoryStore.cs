using Gsp.Hosts;
using Npgsql;
using NpgsqlTypes;

namespace Gsp.Silo.Hosts;

/// <summary>
/// The host directory's rows in PostgreSQL (tables <c>gsp_host</c> and <c>gsp_host_server</c>, schema script
/// <c>0007_host_rows.sql</c>), scoped by the Orleans service id as grain state is. Every write is one
/// statement on one row.
/// </summary>
internal sealed class PostgresHostDirectoryStore(string connectionString, string serviceId) : IHostDirectoryStore
{
    private const string ImportScope = "directory";

    public async Task<HostDirectoryRows> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var hosts = new List<HostRow>();
        await using (var select = Command(
            """
            SELECT name, public_address, memory_mb, cpus, port_first, port_last, memory_overcommit, cpu_overcommit,
                   draining, registered_at, busy_refusals
            FROM gsp_host WHERE service_id = @service
            """, connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var capacity = new HostCapacity(reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt32(4), reader.GetInt32(5))
                {
                    MemoryOvercommit = reader.GetDecimal(6),
                    CpuOvercommit = reader.GetDecimal(7),
                };
                hosts.Add(new HostRow(
                    new HostRegistration(reader.GetString(0), reader.GetString(1), capacity),
                    reader.GetBoolean(8),
                    reader.GetFieldValue<DateTimeOffset>(9),
                    reader.GetInt64(10)));
            }
        }

        var servers = new List<ServerRow>();
        await using (var select = Command(
            """
            SELECT host, server_id, owner_id, name, game_id, memory_mb, cpus, port_count, running
            FROM gsp_host_server WHERE service_id = @service ORDER BY seq
            """, connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                servers.Add(new ServerRow(
                    reader.GetString(0),
                    new ServerReservation(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5), reader.GetDecimal(6), reader.GetInt32(7)),
                    reader.GetBoolean(8)));
            }
        }

        await using var imported = Command("SELECT EXISTS (SELECT 1 FROM gsp_host_import WHERE service_id = @service AND scope = @scope)", connection);
        imported.Parameters.AddWithValue("scope", ImportScope);
        return new HostDirectoryRows(hosts, servers, (bool)(await imported.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task ImportAsync(IReadOnlyList<HostRow> hosts, IReadOnlyList<ServerRow> servers, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var host in hosts)
        {
            await using var insert = HostUpsert(host, connection, onConflict: "DO NOTHING");
            insert.Transaction = transaction;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // One statement for all servers, in their order of placement (seq follows the array order).
        await using (var insert = Command(
            """
            INSERT INTO gsp_host_server (service_id, host, server_id, owner_id, name, game_id, memory_mb, cpus, port_count, running)
            SELECT @service, s.host, s.server_id, s.owner_id, s.name, s.game_id, s.memory_mb, s.cpus, s.port_count, s.running FROM unnest(@hosts, @ids, @owners, @names, @games, @memory, @cpus, @ports, @running) WITH ORDINALITY
                AS s(host, server_id, owner_id, name, game_id, memory_mb, cpus, port_count, running, position)
            ORDER BY position
            ON CONFLICT (service_id, host, server_id) DO NOTHING
            """, connection))
        {
            insert.Transaction = transaction;
            insert.Parameters.AddWithValue("hosts", servers.Select(s => s.Host).ToArray());
            insert.Parameters.AddWithValue("ids", servers.Select(s => s.Server.ServerId).ToArray());
            insert.Parameters.AddWithValue("owners", servers.Select(s => s.Server.OwnerId).ToArray());
            insert.Parameters.AddWithValue("names", servers.Select(s => s.Server.Name).ToArray());
            insert.Parameters.AddWithValue("games", servers.Select(s => s.Server.GameId).ToArray());
            insert.Parameters.AddWithValue("memory", servers.Select(s => s.Server.MemoryMb).ToArray());
            insert.Parameters.AddWithValue("cpus", servers.Select(s => s.Server.Cpus).ToArray());
            insert.Parameters.AddWithValue("ports", servers.Select(s => s.Server.Ports).ToArray());
            insert.Parameters.AddWithValue("running", servers.Select(s => s.Running).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = Command("INSERT INTO gsp_host_import (service_id, scope) VALUES (@service, @scope) ON CONFLICT DO NOTHING", connection))
        {
            mark.Transaction = transaction;
            mark.Parameters.AddWithValue("scope", ImportScope);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SaveHostAsync(HostRow host)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var upsert = HostUpsert(
            host,
            connection,
            """
            DO UPDATE SET public_address = EXCLUDED.public_address, memory_mb = EXCLUDED.memory_mb, cpus = EXCLUDED.cpus,
                port_first = EXCLUDED.port_first, port_last = EXCLUDED.port_last, memory_overcommit = EXCLUDED.memory_overcommit,
                cpu_overcommit = EXCLUDED.cpu_overcommit, draining = EXCLUDED.draining, busy_refusals = EXCLUDED.busy_refusals
            """);
        await upsert.ExecuteNonQueryAsync();
    }

    public async Task AddServerAsync(string host, ServerReservation server)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var insert = Command(
            """
            INSERT INTO gsp_host_server (service_id, host, server_id, owner_id, name, game_id, memory_mb, cpus, port_count, running)
            VALUES (@service, @host, @id, @owner, @name, @game, @memory, @cpus, @ports, false)
            ON CONFLICT (service_id, host, server_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, name = EXCLUDED.name,
                game_id = EXCLUDED.game_id, memory_mb = EXCLUDED.memory_mb, cpus = EXCLUDED.cpus, port_count = EXCLUDED.port_count,
                running = false
            """, connection);
        insert.Parameters.AddWithValue("host", host);
        insert.Parameters.AddWithValue("id", server.ServerId);
        insert.Parameters.AddWithValue("owner", server.OwnerId);
        insert.Parameters.AddWithValue("name", server.Name);
        insert.Parameters.AddWithValue("game", server.GameId);
        insert.Parameters.AddWithValue("memory", server.MemoryMb);
        insert.Parameters.AddWithValue("cpus", server.Cpus);
        insert.Parameters.AddWithValue("ports", server.Ports);
        await insert.ExecuteNonQueryAsync();
    }

    public async Task SetRunningAsync(string host, string serverId, bool running)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var update = Command("UPDATE gsp_host_server SET running = @running WHERE service_id = @service AND host = @host AND server_id = @id", connection);
        update.Parameters.AddWithValue("running", running);
        update.Parameters.AddWithValue("host", host);
        update.Parameters.AddWithValue("id", serverId);
        await update.ExecuteNonQueryAsync();
    }

    public async Task RemoveServerAsync(string host, string serverId)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var delete = Command("DELETE FROM gsp_host_server WHERE service_id = @service AND host = @host AND server_id = @id", connection);
        delete.Parameters.AddWithValue("host", host);
        delete.Parameters.AddWithValue("id", serverId);
        await delete.ExecuteNonQueryAsync();
    }

    private NpgsqlCommand HostUpsert(HostRow host, NpgsqlConnection connection, string onConflict)
    {
        var capacity = host.Registration.Capacity;
        var command = Command(
            $"""
            INSERT INTO gsp_host (service_id, name, public_address, memory_mb, cpus, port_first, port_last, memory_overcommit,
                cpu_overcommit, draining, registered_at, busy_refusals)
            VALUES (@service, @name, @address, @memory, @cpus, @first, @last, @memoryOvercommit, @cpuOvercommit, @draining, @registeredAt, @busyRefusals)
            ON CONFLICT (service_id, name) {onConflict}
            """, connection);
        command.Parameters.AddWithValue("name", host.Registration.Name);
        command.Parameters.AddWithValue("address", host.Registration.PublicAddress);
        command.Parameters.AddWithValue("memory", capacity.MemoryMb);
        command.Parameters.AddWithValue("cpus", capacity.Cpus);
        command.Parameters.AddWithValue("first", capacity.PublicPortFirst);
        command.Parameters.AddWithValue("last", capacity.PublicPortLast);
        command.Parameters.AddWithValue("memoryOvercommit", capacity.MemoryOvercommit);
        command.Parameters.AddWithValue("cpuOvercommit", capacity.CpuOvercommit);
        command.Parameters.AddWithValue("draining", host.Draining);
        command.Parameters.Add(new NpgsqlParameter("registeredAt", NpgsqlDbType.TimestampTz) { Value = host.RegisteredAt.ToUniversalTime() });
        command.Parameters.AddWithValue("busyRefusals", host.BusyRefusals);
        return command;
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("service", serviceId);
        return command;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
