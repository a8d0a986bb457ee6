using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gsp.Backups;

/// <summary>
/// Names of backups and where they go. A server's prefix is <c>backups/{owner}/{server}/</c> with both
/// parts escaped, so no user id can reach outside its own folder or another user's keys.
/// </summary>
public static partial class BackupKeys
{
    public const string DataSuffix = ".tar.gz";
    public const string ManifestSuffix = ".json";

    public static string Prefix(string ownerId, string serverId) => $"backups/{Segment(ownerId)}/{Segment(serverId)}/";

    /// <summary>A new id that sorts by time: <c>20261123-231500-1a2b3c</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>Whether the text is an id this class makes; anything else (paths, wildcards) is rejected before it reaches a target.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static string Data(string prefix, string backupId) => prefix + backupId + DataSuffix;

    public static string Manifest(string prefix, string backupId) => prefix + backupId + ManifestSuffix;

    /// <summary>
    /// Letters, digits, '-' and '_' stay; every other byte of the UTF-8 form becomes <c>~XX</c>. Dots are
    /// escaped too, so neither "." nor ".." can appear as a segment. The mapping is one-to-one.
    /// </summary>
    public static string Segment(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                text.Append(c);
            }
            else
            {
                text.Append('~').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return text.Length == 0 ? "~" : text.ToString();
    }

    [GeneratedRegex("^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$")]
    private static partial Regex IdPattern();
}
