namespace Gsp.Accounts;

/// <summary>A user of the platform, as the dashboard and the API know them.</summary>
[GenerateSerializer, Immutable]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string Provider,
    [property: Id(4)] bool IsAdmin,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset LastSignInAt);
