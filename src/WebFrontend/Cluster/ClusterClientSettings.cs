using System.ComponentModel.DataAnnotations;

namespace Gsp.WebFrontend.Cluster;

/// <summary>How the dashboard finds the cluster. Bound from <c>Gsp:Cluster</c>, the same section the silos read.</summary>
public sealed class ClusterClientSettings
{
    public const string SectionName = "Gsp:Cluster";

    /// <summary>The cluster id the silos use. Defaults to <c>gsp</c>.</summary>
    [Required]
    public string ClusterId { get; set; } = "gsp";

    /// <summary>The service id the silos use. Defaults to <c>gsp</c>.</summary>
    [Required]
    public string ServiceId { get; set; } = "gsp";

    /// <summary>
    /// How long to wait between attempts to reach a gateway while no silo answers. Defaults to two
    /// seconds: the dashboard keeps serving (and says the cluster is down) instead of failing to start.
    /// </summary>
    public TimeSpan ConnectRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
