namespace Gsp.Proxy.Wake;

/// <summary>One wake webhook answer; <see cref="StatusCode"/> is 0 when the backend could not be reached.</summary>
internal sealed record WakeResponse(WakeResponseKind Kind, int StatusCode, string? Detail)
{
    public static WakeResponse FromStatus(int status, string? detail) => new(Classify(status), status, detail);

    public static WakeResponse Unreachable(string detail) => new(WakeResponseKind.Retry, 0, detail);

    private static WakeResponseKind Classify(int status) => status switch
    {
        200 or 202 or 409 => WakeResponseKind.Accepted,
        408 or 429 or >= 500 => WakeResponseKind.Retry,
        >= 400 => WakeResponseKind.Refused,
        // 1xx/3xx are not part of the contract; a misconfigured URL will not fix itself, but a redirecting
        // load balancer might, so keep trying until the hold time ends.
        _ => WakeResponseKind.Retry,
    };
}
