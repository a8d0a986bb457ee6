namespace Gsp.Silo.Firewall;

/// <summary>The host firewall that isolates game servers. Section <c>Gsp:Firewall</c>.</summary>
public sealed class FirewallOptions
{
    public const string SectionName = "Gsp:Firewall";

    /// <summary>
    /// Whether the silo installs and checks the rules at start (and refuses to start when it cannot).
    /// Defaults to true; turn it off only where something else isolates the servers' networks, because
    /// without it a game container reaches the host, the cluster's ports and the LAN.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The iptables program (iptables-nft or iptables-legacy, whichever the engine uses). Defaults to <c>iptables</c>.</summary>
    public string Iptables { get; set; } = "iptables";

    /// <summary>How often the silo checks the rules are still in place and puts back what is missing. Defaults to one minute.</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
