using System.ComponentModel.DataAnnotations;

namespace Gsp.GameServers;

/// <summary>How game servers run and fall asleep. Section <c>Gsp:GameServers</c>.</summary>
public sealed class GameServerOptions : IValidatableObject
{
    public const string SectionName = "Gsp:GameServers";

    /// <summary>The sidecar proxy image. Defaults to <c>gsp/proxy:dev</c>, built locally by the launcher.</summary>
    [Required]
    public string ProxyImage { get; set; } = "gsp/proxy:dev";

    /// <summary>The proxy's admin port inside its container (health, activity). Defaults to 8081.</summary>
    [Range(1, 65535)]
    public int ProxyAdminPort { get; set; } = 8081;

    /// <summary>
    /// How often a running server checks whether it is idle (a reminder). Defaults to one minute, the
    /// shortest period Orleans reminders allow in production.
    /// </summary>
    public TimeSpan IdleCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a server must be quiet before it is put to sleep. Defaults to 15 minutes (the first design's rule).</summary>
    public TimeSpan IdleWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>CPU use (percent of one core) below which the game counts as quiet. Defaults to 5 (the first design's rule).</summary>
    [Range(0, 10_000)]
    public double IdleCpuPercent { get; set; } = 5;

    /// <summary>
    /// How often the sidecar asks the running game for its player count (sidecar's <c>GSP_PROXY_QUERY_SECONDS</c>).
    /// Defaults to 10 seconds: fresh for the dashboard, far inside the idle window, invisible to the game.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PlayerQueryPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a Minecraft login waits for a sleeping game before the sidecar ends it with "the server is
    /// starting, reconnect in a moment" (sidecar's <c>GSP_PROXY_LOGIN_TIMEOUT_SECONDS</c>). Defaults to 25 seconds,
    /// inside the vanilla client's own 30-second timeout so the player sees the message, not "timed out".
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a stopping game may take to save before it is killed. Defaults to 30 seconds.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a power action (deploy, start, stop, delete) keeps retrying a step the engine failed
    /// (unreachable, too slow, or any other error the action does not handle itself) before the server
    /// goes to <see cref="GameServerStatus.Failed"/> with the reason. Defaults to 3 minutes: long enough to
    /// ride out an engine restart, short enough that an owner learns of a real outage while it matters.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ActionRetryWindow { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The wait before the first retry of a failed step; it doubles with each retry. Defaults to 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ActionRetryFirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two retries. Defaults to 20 seconds, so a recovered engine is noticed within that.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ActionRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long one engine call of a power action may take before the attempt is abandoned and retried, so
    /// a wedged engine (answering nothing) counts as a failed step. Defaults to 2 minutes: beyond the stop
    /// grace plus what a healthy but loaded engine needs; image pulls are excluded (their length depends on
    /// the image).
    /// </summary>
    public TimeSpan ActionStepTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The length of one billing slice: a running server is charged each time a whole slice has passed, and
    /// its last, shorter slice (in whole minutes, a started minute counts) when it stops. Whole minutes from
    /// 1 minute to 24 hours; defaults to 15 minutes, which is exact at four decimals for any price in cents
    /// and bounds how far a balance can go below zero (one slice per running server).
    /// </summary>
    public TimeSpan BillingSlice { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary><see cref="BillingSlice"/> in minutes.</summary>
    internal int BillingSliceMinutes => (int)BillingSlice.TotalMinutes;

    /// <summary>The most processes a game container may run. Defaults to 1024, ample for a JVM.</summary>
    [Range(16, 1_000_000)]
    public long GamePidsLimit { get; set; } = 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BillingSlice < TimeSpan.FromMinutes(1) || BillingSlice > TimeSpan.FromDays(1) || BillingSlice.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            yield return new ValidationResult($"BillingSlice must be whole minutes from 00:01:00 to 1.00:00:00, not {BillingSlice}", [nameof(BillingSlice)]);
        }

        if (ActionStepTimeout <= StopGrace)
        {
            yield return new ValidationResult($"ActionStepTimeout ({ActionStepTimeout}) must be longer than StopGrace ({StopGrace}), or every slow stop would count as failed", [nameof(ActionStepTimeout)]);
        }
    }
}
