using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gsp.GameServers;

/// <summary>
/// A server's id names its Docker host: <c>{host}.{random}</c>. The host never changes (the containers and
/// the data live there), and carrying it in the id lets placement send the grain to that host's silo
/// without a lookup.
/// </summary>
public static partial class GameServerIds
{
    public static string New(string hostName) =>
        $"{hostName}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    /// <summary>The host part of a well-formed id.</summary>
    public static bool TryGetHost(string id, out string hostName)
    {
        var match = IdPattern().Match(id);
        hostName = match.Success ? match.Groups["host"].Value : "";
        return match.Success;
    }

    public static bool IsWellFormed(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^(?<host>[A-Za-z0-9][A-Za-z0-9_-]{0,62})\\.(?<random>[a-z0-9]{4,32})$")]
    private static partial Regex IdPattern();
}
