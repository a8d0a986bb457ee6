using System.ComponentModel.DataAnnotations;

namespace Gsp.Silo.Hosting;

/// <summary>
/// How this silo joins the cluster. Bound from the <c>Gsp:Cluster</c> configuration section; the
/// PostgreSQL connection string itself is <c>ConnectionStrings:Gsp</c>.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Gsp:Cluster";

    /// <summary>The Orleans cluster id shared by every silo and client of one deployment. Defaults to <c>gsp</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "gsp";

    /// <summary>The Orleans service id; grain state and reminders are keyed by it, so it must never change. Defaults to <c>gsp</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "gsp";

    /// <summary>The silo-to-silo port. Defaults to 11111; silos sharing one machine need distinct ports.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (the dashboard) connect to. Defaults to 30000.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients use to reach this silo. Defaults to <c>127.0.0.1</c>, right
    /// for a single machine; set the host's LAN address when silos run on several machines.
    /// </summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Whether the silo applies the schema scripts before it starts. Defaults to true: applying is idempotent.</summary>
    public bool ApplySchemaOnStart { get; set; } = true;
}
