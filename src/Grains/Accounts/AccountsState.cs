namespace Gsp.Accounts;

[GenerateSerializer]
public sealed class AccountsState
{
    [Id(0)] public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Tokens by the hex SHA-256 of their secret.</summary>
    [Id(1)] public Dictionary<string, StoredToken> Tokens { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed class StoredUser
{
    [Id(0)] public required UserProfile Profile { get; set; }

    /// <summary>The first user is an admin for good; others are admins while their email is configured.</summary>
    [Id(1)] public bool FirstUser { get; set; }
}

[GenerateSerializer]
public sealed class StoredToken
{
    [Id(0)] public required string UserId { get; init; }
    [Id(1)] public required ApiTokenInfo Info { get; init; }
}
