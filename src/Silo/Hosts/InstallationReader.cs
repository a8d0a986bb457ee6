using Gsp.Silo.Hosting;
using Npgsql;
using Orleans.Runtime;

namespace Gsp.Silo.Hosts;

/// <summary>
/// Reads this installation's id (schema script <c>0006_installation.sql</c> made it) before the silo serves
/// any grain, so every label the silo writes and every sweep it makes is scoped by it from the first call.
/// </summary>
internal sealed partial class InstallationReader(string connectionString, ILogger<InstallationReader> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private string? id;

    /// <summary>The installation id; throws until the silo has read it.</summary>
    public string Id => id ?? throw new InvalidOperationException("the installation id is read when the silo starts; it has not started yet");

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InstallationReader), ServiceLifecycleStage.RuntimeInitialize, ReadAsync);

    /// <summary>Reads the id; a database without it is one the schema was never applied to.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        if (id is not null)
        {
            return;
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT id FROM gsp_installation", connection);
            id = await command.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new StartupCheckException("the database has no installation id: apply the schema (gsp-silo migrate)");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new StartupCheckException("the database has no gsp_installation table: apply the schema (gsp-silo migrate)", ex);
        }

        LogInstallation(logger, id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Installation {Installation}: only containers, networks and volumes labelled with it are adopted or removed")]
    private static partial void LogInstallation(ILogger logger, string installation);
}
