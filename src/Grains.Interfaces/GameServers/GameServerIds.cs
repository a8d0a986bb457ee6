using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Gsp.GameServers;

/// <summary>
/// A server's id names the Docker host it was created on: <c>{host}.{random}</c>. A server moved to another
/// host keeps its id (wallets, URLs and the API use it); placement asks the host directory where a server
/// lives and falls back to the host in the id for a server the directory does not hold yet (being created).
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

    /// <summary>Whether the text is a host name as ids carry them (the key of a grain that lives on that host).</summary>
    public static bool IsHostName(string text) => HostPattern().IsMatch(text);

    [GeneratedRegex("^(?<host>[A-Za-z0-9][A-Za-z0-9_-]{0,62})\\.(?<random>[a-z0-9]{4,32})$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex HostPattern();
}
