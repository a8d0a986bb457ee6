namespace Gsp.Containers;

/// <summary>
/// Where a server's containers sit in their network's subnet (host numbers from the subnet's base). Fixed,
/// so the host firewall tells a sidecar from a game, and a game with internet access from one without, by
/// source address alone, with a handful of rules for every server at once.
/// </summary>
public static class NetworkAddressPlan
{
    /// <summary>The bridge's own address on the host.</summary>
    public const int Gateway = 1;

    /// <summary>The sidecar proxy.</summary>
    public const int Proxy = 2;

    /// <summary>A game that may reach public internet addresses.</summary>
    public const int Game = 3;

    /// <summary>A game whose owner turned internet access off: it reaches its own sidecar only.</summary>
    public const int OfflineGame = 4;

    /// <summary>The highest host number the plan uses: a server's subnet holds at least this plus the broadcast address.</summary>
    public const int Highest = OfflineGame;
}
