using Gsp.Hosts;
using Npgsql;

namespace Gsp.Silo.Hosts;

/// <summary>
/// The hosts' port blocks in PostgreSQL (table <c>gsp_host_port_block</c>, schema script <c>0007_host_rows.sql</c>),
/// scoped by the Orleans service id as grain state is. Every write is one statement on one row.
/// </summary>
internal sealed class PostgresHostPortStore(string connectionString, string serviceId) : IHostPortStore
{
    public async Task<HostPortRows> LoadAsync(string host, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var blocks = new Dictionary<string, PortBlock>(StringComparer.Ordinal);
        await using (var select = Command("SELECT server_id, first_port, port_count FROM gsp_host_port_block WHERE service_id = @service AND host = @host", host, connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                blocks[reader.GetString(0)] = new PortBlock(reader.GetInt32(1), reader.GetInt32(2));
            }
        }

        await using var imported = Command("SELECT EXISTS (SELECT 1 FROM gsp_host_import WHERE service_id = @service AND scope = @scope)", host, connection);
        imported.Parameters.AddWithValue("scope", ImportScope(host));
        return new HostPortRows(blocks, (bool)(await imported.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task ImportAsync(string host, IReadOnlyDictionary<string, PortBlock> blocks, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = Command(
            """
            INSERT INTO gsp_host_port_block (service_id, host, server_id, first_port, port_count)
            SELECT @service, @host, s.server_id, s.first_port, s.port_count FROM unnest(@ids, @firsts, @counts) AS s(server_id, first_port, port_count)
            ON CONFLICT (service_id, host, server_id) DO NOTHING
            """, host, connection))
        {
            insert.Transaction = transaction;
            insert.Parameters.AddWithValue("ids", blocks.Keys.ToArray());
            insert.Parameters.AddWithValue("firsts", blocks.Values.Select(b => b.First).ToArray());
            insert.Parameters.AddWithValue("counts", blocks.Values.Select(b => b.Count).ToArray());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var mark = Command("INSERT INTO gsp_host_import (service_id, scope) VALUES (@service, @scope) ON CONFLICT DO NOTHING", host, connection))
        {
            mark.Transaction = transaction;
            mark.Parameters.AddWithValue("scope", ImportScope(host));
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task AddAsync(string host, string serverId, PortBlock block)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var insert = Command(
            """
            INSERT INTO gsp_host_port_block (service_id, host, server_id, first_port, port_count) VALUES (@service, @host, @id, @first, @count)
            ON CONFLICT (service_id, host, server_id) DO UPDATE SET first_port = EXCLUDED.first_port, port_count = EXCLUDED.port_count
            """, host, connection);
        insert.Parameters.AddWithValue("id", serverId);
        insert.Parameters.AddWithValue("first", block.First);
        insert.Parameters.AddWithValue("count", block.Count);
        await insert.ExecuteNonQueryAsync();
    }

    public async Task RemoveAsync(string host, string serverId)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var delete = Command("DELETE FROM gsp_host_port_block WHERE service_id = @service AND host = @host AND server_id = @id", host, connection);
        delete.Parameters.AddWithValue("id", serverId);
        await delete.ExecuteNonQueryAsync();
    }

    /// <summary>Each host's blob is imported on its own, when its ports grain first activates.</summary>
    private static string ImportScope(string host) => "ports:" + host;

    private NpgsqlCommand Command(string sql, string host, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("host", host);
        return command;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
