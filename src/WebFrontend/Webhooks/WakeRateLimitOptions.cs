namespace Gsp.WebFrontend.Webhooks;

/// <summary>
/// Limits on wake requests (<c>Gsp:Wake:RateLimits</c>). A sidecar asks once per wake and, after a refusal, not again
/// for its back-off, so an honest one never comes near them; they bound what a stranger can make the cluster do.
/// </summary>
public sealed class WakeRateLimitOptions
{
    public const string SectionName = "Gsp:Wake:RateLimits";

    /// <summary>Requests one source address may make per <see cref="Window"/>, before anything is read (default 60:
    /// the sidecars of one remote host share its address).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int PerAddressPermits { get; set; } = 60;

    /// <summary>Wakes one server may ask for per <see cref="Window"/>, counted after its token was verified so a
    /// stranger cannot use up a server's permits (default 10).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int PerServerPermits { get; set; } = 10;

    /// <summary>The fixed window both limits count in (default 10 s).</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}
