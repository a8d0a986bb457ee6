using System.Net.Sockets;
using Gsp.Silo.Hosting;
using Npgsql;

namespace Gsp.Silo.Schema;

/// <summary>
/// Brings a PostgreSQL database up to the schema this silo needs by applying the embedded
/// <c>deploy/sql/NNNN_name.sql</c> scripts in version order and recording each in
/// <c>gsp_schema_version</c>. Harmless to repeat, and safe when several silos start at once.
/// </summary>
public sealed partial class SchemaMigrator
{
    /// <summary>
    /// The advisory lock every migration transaction takes first ("GSPSCHEM" as ASCII), so two
    /// silos starting together apply each script once instead of racing on the same DDL.
    /// </summary>
    private const long MigrationLockKey = 0x4753_5053_4348_454D;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS gsp_schema_version
        (
            version    int         PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            checksum   text        NOT NULL
        )
        """;

    private readonly string connectionString;
    private readonly ILogger logger;
    private readonly IReadOnlyList<SchemaScript> scripts;

    public SchemaMigrator(string connectionString, ILogger logger)
        : this(connectionString, logger, SchemaScript.LoadEmbedded())
    {
    }

    internal SchemaMigrator(string connectionString, ILogger logger, IReadOnlyList<SchemaScript> scripts)
    {
        this.connectionString = connectionString;
        this.logger = logger;
        this.scripts = scripts;
    }

    /// <summary>
    /// Applies every script whose version is not recorded yet, each in its own transaction together
    /// with its version row. A recorded script whose text has changed since is logged, not re-run.
    /// </summary>
    /// <exception cref="SchemaMigrationException">PostgreSQL cannot be reached, or a script failed.</exception>
    public async Task<SchemaMigrationResult> MigrateAsync(CancellationToken cancellationToken)
    {
        var where = Describe(connectionString);
        await using var connection = await OpenAsync(where, cancellationToken);

        var recorded = await ReadRecordedAsync(connection, cancellationToken);
        var applied = new List<int>();
        var present = new List<int>();
        foreach (var script in scripts)
        {
            // Null when this run applied the script; otherwise the checksum recorded when it was applied.
            var checksum = recorded.GetValueOrDefault(script.Version)
                ?? await TryApplyAsync(connection, script, where, cancellationToken);
            if (checksum is null)
            {
                applied.Add(script.Version);
                LogApplied(logger, script.FileName, where);
                continue;
            }

            present.Add(script.Version);
            LogAlreadyApplied(logger, script.FileName);
            if (!string.Equals(checksum, script.Checksum, StringComparison.Ordinal))
            {
                LogChecksumMismatch(logger, script.FileName, checksum, script.Checksum);
            }
        }

        LogUpToDate(logger, where, applied.Count, present.Count);
        return new SchemaMigrationResult(applied, present);
    }

    private static string Describe(string connectionString)
    {
        try
        {
            return GspConnectionString.Describe(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new SchemaMigrationException($"the PostgreSQL connection string is malformed: {OneLine(ex.Message)}", ex);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(string where, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new SchemaMigrationException($"cannot reach PostgreSQL at {where}: {Reason(ex)}", ex);
        }
    }

    /// <summary>Creates the version table if needed and returns version → checksum of every recorded script.</summary>
    private static async Task<Dictionary<int, string>> ReadRecordedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);
        await using (var create = new NpgsqlCommand(CreateVersionTable, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var recorded = new Dictionary<int, string>();
        await using (var select = new NpgsqlCommand("SELECT version, checksum FROM gsp_schema_version", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    /// <summary>
    /// Applies one script under the lock. Returns null when this call applied it, or the recorded
    /// checksum when another silo applied it between our first read and taking the lock.
    /// </summary>
    private static async Task<string?> TryApplyAsync(NpgsqlConnection connection, SchemaScript script, string where, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, cancellationToken);

        await using (var check = new NpgsqlCommand("SELECT checksum FROM gsp_schema_version WHERE version = @version", connection, transaction))
        {
            check.Parameters.AddWithValue("version", script.Version);
            if (await check.ExecuteScalarAsync(cancellationToken) is string recorded)
            {
                return recorded;
            }
        }

        try
        {
            await using (var apply = new NpgsqlCommand(script.Text, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch (PostgresException ex)
        {
            throw new SchemaMigrationException($"schema script {script.FileName} failed on {where}: {Reason(ex)}", ex);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO gsp_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", script.Version);
            record.Parameters.AddWithValue("name", script.Name);
            record.Parameters.AddWithValue("checksum", script.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Reason(Exception ex) =>
        OneLine(ex switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            { InnerException: SocketException or IOException or TimeoutException } => $"{ex.Message} ({ex.InnerException.Message})",
            _ => ex.Message,
        });

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
