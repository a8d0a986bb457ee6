using System.Data.Common;
using Npgsql;

namespace Gsp.Silo.Hosting;

/// <summary>Reads and describes the PostgreSQL connection string without ever exposing its password.</summary>
public static class GspConnectionString
{
    /// <summary>The configuration key: <c>ConnectionStrings:Gsp</c>, or the environment variable <c>ConnectionStrings__Gsp</c>.</summary>
    public const string Name = "Gsp";

    /// <summary>
    /// The most connections one silo opens when the connection string sets no <c>Maximum Pool Size</c> (Npgsql's own
    /// default is 100, PostgreSQL's <c>max_connections</c> is 100 too). A hundred grains activating at once (a crowd of
    /// creates) opened a connection each, PostgreSQL refused the rest with "too many clients", and the activations
    /// failed; with a bound they wait for a pooled connection (up to the string's <c>Timeout</c>), and several silos
    /// and the dashboard fit under the server's limit together.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The configured connection string, with <see cref="DefaultMaxPoolSize"/> unless it sets its own.</summary>
    public static string Read(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(Name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupCheckException(
                "no PostgreSQL connection string: set ConnectionStrings:Gsp (environment variable ConnectionStrings__Gsp)");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new StartupCheckException($"the PostgreSQL connection string is malformed: {ex.Message}");
        }

        if (!SetsMaxPoolSize(value))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>Whether the string itself names a pool size (Npgsql's builder reports every keyword it knows as present).</summary>
    private static bool SetsMaxPoolSize(string value)
    {
        var raw = new DbConnectionStringBuilder { ConnectionString = value };
        return raw.ContainsKey("Maximum Pool Size") || raw.ContainsKey("MaxPoolSize");
    }

    /// <summary><c>host:port/database</c>, for messages and logs.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{b.Host}:{b.Port}/{b.Database ?? b.Username}";
    }
}
