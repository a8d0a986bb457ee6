namespace Gsp.Proxy.Wake;

/// <summary>
/// One wake webhook answer; <see cref="StatusCode"/> is 0 when the backend could not be reached. <see cref="Detail"/>
/// is the platform's reason for a refusal (shown to the waiting player) or what went wrong; <see cref="RetryAfter"/>
/// is the answer's <c>Retry-After</c>, which the proxy honours before it asks again.
/// </summary>
internal sealed record WakeResponse(WakeAnswerKind Kind, int StatusCode, string? Detail, TimeSpan? RetryAfter = null)
{
    /// <param name="explained">The body was the platform's own <see cref="WakeAnswer"/> with an error.</param>
    public static WakeResponse FromStatus(int status, string? detail, bool explained = false, TimeSpan? retryAfter = null) =>
        new(WakeStatuses.Classify(status, explained), status, detail, retryAfter);

    public static WakeResponse Unreachable(string detail) => new(WakeAnswerKind.Retry, 0, detail);
}
