using System.ComponentModel.DataAnnotations;

namespace Gsp.GameServers;

/// <summary>The wake webhook's settings, shared by the silos (which give proxies their tokens) and the dashboard (which checks them). Section <c>Gsp:Wake</c>.</summary>
public sealed class WakeOptions
{
    public const string SectionName = "Gsp:Wake";

    /// <summary>The secret wake tokens are derived from. No default: the launcher makes one per installation.</summary>
    [Required]
    [MinLength(16)]
    public string Secret { get; set; } = "";

    /// <summary>
    /// Where proxies send wake requests, as seen from inside a container. Defaults to the dashboard on this
    /// machine: <c>http://host.docker.internal:5080/api/webhook/wake</c> (containers get that name mapped to the host).
    /// </summary>
    [Required]
    [Url]
    public string WebhookUrl { get; set; } = "http://host.docker.internal:5080/api/webhook/wake";
}
