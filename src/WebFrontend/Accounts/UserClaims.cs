using System.Security.Claims;
using Gsp.Accounts;

namespace Gsp.WebFrontend.Accounts;

/// <summary>The platform's user in a request: the claims a session or an API token carries.</summary>
public static class UserClaims
{
    public const string UserId = "gsp:user";
    public const string AdminRole = "admin";

    public static ClaimsPrincipal Create(UserProfile user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(UserId, user.Id),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
        };
        if (user.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The signed-in user's id; throws when there is none, which authorization rules out first.</summary>
    public static string Id(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(UserId) ?? throw new InvalidOperationException("no signed-in user");

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(AdminRole);
}
