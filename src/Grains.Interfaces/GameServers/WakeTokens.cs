using System.Security.Cryptography;
using System.Text;

namespace Gsp.GameServers;

/// <summary>
/// A server's own wake token: an HMAC of its id under the platform's secret. The proxy of one server gets
/// only that server's token, so a leaked token can wake that one server and nothing else, and the secret
/// never leaves the silos and the dashboard.
/// </summary>
public static class WakeTokens
{
    public static string Derive(string secret, string serverId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes("gsp-wake:" + serverId));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="token"/> is that server's token, compared in constant time.</summary>
    public static bool Verify(string secret, string serverId, string token)
    {
        var expected = Encoding.ASCII.GetBytes(Derive(secret, serverId));
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
