namespace Gsp.Accounts;

/// <summary>A personal API token as its owner sees it: never the secret, which is shown once at creation.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiTokenInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Prefix,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A token just created: its details and the secret, which the platform does not keep.</summary>
[GenerateSerializer, Immutable]
public sealed record NewApiToken(
    [property: Id(0)] ApiTokenInfo Token,
    [property: Id(1)] string Secret);
