using Npgsql;

namespace Gsp.Silo.Hosting;

/// <summary>Reads and describes the PostgreSQL connection string without ever exposing its password.</summary>
public static class GspConnectionString
{
    /// <summary>The configuration key: <c>ConnectionStrings:Gsp</c>, or the environment variable <c>ConnectionStrings__Gsp</c>.</summary>
    public const string Name = "Gsp";

    public static string Read(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(Name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupCheckException(
                "no PostgreSQL connection string: set ConnectionStrings:Gsp (environment variable ConnectionStrings__Gsp)");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new StartupCheckException($"the PostgreSQL connection string is malformed: {ex.Message}");
        }

        return value;
    }

    /// <summary><c>host:port/database</c>, for messages and logs.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database ?? b.Username}";
    }
}
