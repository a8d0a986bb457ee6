namespace Gsp.Sidecar;

/// <summary>What the sidecar does with one answer of the wake webhook (see <see cref="WakeStatuses.Classify"/>).</summary>
public enum WakeAnswerKind
{
    /// <summary>The game runs or is starting: keep holding players until it answers.</summary>
    Accepted,

    /// <summary>The platform said no, with a reason (no credits, failed server, host busy or offline, unknown server,
    /// bad token): release the held players at once with that reason and wait before asking again.</summary>
    Refused,

    /// <summary>No usable answer (unreachable, timeout, a 5xx not from the platform, 429): keep holding and ask again
    /// after a back-off, or after <c>Retry-After</c> when the answer has one.</summary>
    Retry,
}
