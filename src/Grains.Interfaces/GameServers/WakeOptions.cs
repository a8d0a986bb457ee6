using System.ComponentModel.DataAnnotations;

namespace Gsp.GameServers;

/// <summary>The wake webhook's settings, shared by the silos (which give proxies their tokens) and the dashboard (which checks them). Section <c>Gsp:Wake</c>.</summary>
public sealed class WakeOptions
{
    public const string SectionName = "Gsp:Wake";

    /// <summary>The shortest secret accepted: 32 characters, as many as 32 random bytes give entropy for.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>
    /// The secret wake tokens are derived from: at least 32 characters (the launcher makes 32 random bytes,
    /// base64, per installation; <c>openssl rand -base64 32</c> elsewhere). No default.
    /// </summary>
    [Required]
    [MinLength(MinimumSecretLength)]
    public string Secret { get; set; } = "";

    /// <summary>
    /// Where proxies send wake requests, as seen from inside a container. Defaults to the dashboard on this
    /// machine: <c>http://host.docker.internal:5080/api/webhook/wake</c> (containers get that name mapped to the host).
    /// </summary>
    [Required]
    [Url]
    public string WebhookUrl { get; set; } = "http://host.docker.internal:5080/api/webhook/wake";
}
