namespace Gsp.Accounts;

/// <summary>
/// What an identity provider vouched for at sign-in: the provider's name, its stable subject for the
/// person, and their email and name. <see cref="ConfiguredAdmin"/> says the dashboard's configuration makes
/// this person an admin: an admin email the provider asserted as verified, or an admin subject.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ExternalSignIn(
    [property: Id(0)] string Provider,
    [property: Id(1)] string Subject,
    [property: Id(2)] string Email,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] bool ConfiguredAdmin);
