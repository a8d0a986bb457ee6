using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Gsp.WebFrontend.Accounts;

/// <summary>
/// Data protection's key ring in PostgreSQL (table <c>gsp_data_protection_key</c>, deploy/sql/0005): one
/// ring for every dashboard, so sessions survive restarts and any dashboard accepts another's cookies and
/// antiforgery tokens. Data protection calls this synchronously, rarely (at start, when a key is created,
/// and about once a day), so the blocking calls cost nothing that matters.
/// </summary>
public sealed partial class PostgresKeyRing(string connectionString, ILogger<PostgresKeyRing> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var select = new NpgsqlCommand("SELECT xml FROM gsp_data_protection_key ORDER BY created_at, friendly_name", connection);
        using var reader = select.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var insert = new NpgsqlCommand(
            "INSERT INTO gsp_data_protection_key (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        insert.Parameters.AddWithValue("name", friendlyName);
        insert.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        insert.ExecuteNonQuery();
        LogKeyStored(logger, friendlyName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data protection key {Name} stored in PostgreSQL, shared by every dashboard")]
    private static partial void LogKeyStored(ILogger logger, string name);
}
