using System.Security.Cryptography;
using System.Text;

namespace Gsp.Accounts;

/// <summary>User ids: <c>u-</c> and 20 hex digits of a hash of provider and subject, stable and opaque.</summary>
public static class UserIds
{
    public static string For(string provider, string subject) =>
        "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + subject)))[..20];
}
