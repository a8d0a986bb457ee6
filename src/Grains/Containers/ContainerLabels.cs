namespace Gsp.Containers;

/// <summary>
/// The labels on everything the platform creates, so its own containers, networks and volumes can be
/// found, reconciled, and cleaned up, and never confused with anyone else's.
/// </summary>
public static class ContainerLabels
{
    /// <summary>Present (value "true") on every object the platform manages.</summary>
    public const string Managed = "gsp.managed";

    /// <summary>The game server the object belongs to.</summary>
    public const string ServerId = "gsp.server-id";

    /// <summary>The user who owns that server.</summary>
    public const string UserId = "gsp.user-id";

    /// <summary>The object's role: <c>proxy</c>, <c>game</c>, <c>network</c>, <c>data</c>.</summary>
    public const string Role = "gsp.role";

    /// <summary>The host (silo) that manages the object.</summary>
    public const string Host = "gsp.host";

    /// <summary>The Orleans service id of the deployment that owns the object, so two deployments sharing an engine never touch each other's.</summary>
    public const string Service = "gsp.service";

    /// <summary>
    /// The installation (one database) that owns the object. A silo removes or adopts only objects carrying
    /// its own, so installations sharing an engine (a platform and a test run) never touch each other's.
    /// </summary>
    public const string Installation = "gsp.installation";

    /// <summary>Set by tests on everything they create, so a test run can clean up after itself.</summary>
    public const string Test = "gsp.test";
}
