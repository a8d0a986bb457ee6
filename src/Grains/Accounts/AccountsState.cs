namespace Gsp.Accounts;

[GenerateSerializer]
public sealed class AccountsState
{
    [Id(0)] public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tokens by the hex SHA-256 of their secret.</summary>
    [Id(1)] public Dictionary<string, StoredToken> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SHA-256 (hex) of every bootstrap token already used: each works once.</summary>
    [Id(2)] public HashSet<string> UsedBootstrapTokens { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed class StoredUser
{
    [Id(0)] public required UserProfile Profile { get; set; }

    /// <summary>
    /// Made an admin for good by the one-time bootstrap link; others are admins while configured.
    /// (Id 1 was "first user to sign in", no longer a reason to be an admin, and is left unread.)
    /// </summary>
    [Id(2)] public bool Bootstrapped { get; set; }
}

[GenerateSerializer]
public sealed class StoredToken
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required ApiTokenInfo Info { get; init; }
}
