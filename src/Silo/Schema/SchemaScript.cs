using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gsp.Silo.Schema;

/// <summary>
/// One versioned schema script, <c>deploy/sql/NNNN_name.sql</c>, embedded in the silo as
/// <c>Gsp.Schema.NNNN_name.sql</c>. A new release adds a script with the next number; nothing
/// else needs registering.
/// </summary>
internal sealed partial record SchemaScript(int Version, string Name, string Text)
{
    private const string ResourcePrefix = "Gsp.Schema.";

    /// <summary>The file name, e.g. <c>0002_orleans_clustering.sql</c>.</summary>
    public string FileName => $"{Version:D4}_{Name}.sql";

    /// <summary>
    /// SHA-256 of the text, lower-case hex. Line endings are normalised first so a Windows
    /// checkout (CRLF) of an unchanged script does not look edited.
    /// </summary>
    public string Checksum { get; } =
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text.ReplaceLineEndings("\n"))));

    /// <summary>The scripts embedded in the silo, in version order.</summary>
    public static IReadOnlyList<SchemaScript> LoadEmbedded() => Load(typeof(SchemaScript).Assembly);

    internal static IReadOnlyList<SchemaScript> Load(Assembly assembly)
    {
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"embedded schema script '{fileName}' is not named NNNN_name.sql (4-digit version, underscore, lower-case name)");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new SchemaScript(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"schema version {duplicate.Key:D4} is used by more than one script: {string.Join(", ", duplicate.Select(s => s.FileName))}");
        }

        return [.. scripts.OrderBy(s => s.Version)];
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
