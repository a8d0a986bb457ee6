using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gsp.Backups;

/// <summary>The manifest's file format: the <see cref="BackupInfo"/> as JSON, enums by name so a person can read it.</summary>
public static class BackupManifests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(BackupInfo info) => JsonSerializer.SerializeToUtf8Bytes(info, Json);

    /// <summary>The manifest, or null when the bytes are not one (a stray file is skipped, not fatal to a listing).</summary>
    public static BackupInfo? TryDeserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupInfo>(bytes, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
