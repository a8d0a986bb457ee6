namespace Gsp.Accounts;

/// <summary>
/// The platform's users and their personal API tokens (one grain, key 0). A user's id is derived from
/// the provider and subject (<see cref="UserIds"/>), so the same person signing in again is the same user.
/// Admins are the users the dashboard's configuration names at sign-in (a verified admin email or an admin
/// subject, <see cref="ExternalSignIn.ConfiguredAdmin"/>) and whoever used the one-time bootstrap link; being
/// the first to sign in grants nothing. Tokens are stored as
/// SHA-256 hashes; the secret is returned once, at creation.
/// </summary>
public interface IAccountsGrain : IGrainWithIntegerKey
{
    /// <summary>Records a sign-in: creates the user the first time, refreshes email, name and admin rights after.</summary>
    Task<UserProfile> SignInAsync(ExternalSignIn signIn);

    /// <summary>
    /// Makes a known user an admin for good with the launcher's one-time bootstrap token (its SHA-256, hex;
    /// the dashboard checks the token itself). Null when the user is unknown or this token was used before.
    /// </summary>
    Task<UserProfile?> ClaimBootstrapAdminAsync(string userId, string tokenHash);

    [AlwaysInterleave]
    Task<UserProfile?> GetUserAsync(string userId);

    /// <summary>Every user, oldest first (for admins).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<UserProfile>> ListUsersAsync();

    /// <summary>Creates a token for a known user; null when the user or the name is not acceptable.</summary>
    Task<NewApiToken?> CreateTokenAsync(string userId, string name);

    [AlwaysInterleave]
    Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string userId);

    /// <summary>Revokes one of the user's tokens; false when the user has no such token.</summary>
    Task<bool> RevokeTokenAsync(string userId, string tokenId);

    /// <summary>The user a token secret belongs to, or null for an unknown or revoked token.</summary>
    [AlwaysInterleave]
    Task<UserProfile?> AuthenticateTokenAsync(string secret);
}
