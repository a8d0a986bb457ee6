namespace Gsp.Sidecar;

/// <summary>
/// The HTTP statuses of the wake webhook and what each means to the sidecar. Accepted: 200 running, 202 waking.
/// Refused (a <see cref="WakeAnswer"/> with an error): 400 malformed, 401 bad token, 402 no credits, 404 unknown server,
/// 409 not now (a failed server, another power action under way), 503 host offline or without capacity. Retry: 429
/// too many wake requests (with <c>Retry-After</c>), and any answer that is not the platform's own.
/// </summary>
public static class WakeStatuses
{
    public const int Running = 200;
    public const int Waking = 202;
    public const int TooManyRequests = 429;

    /// <summary>
    /// How the sidecar treats <paramref name="status"/>. <paramref name="explained"/> says the body was a
    /// <see cref="WakeAnswer"/> with an error: a 5xx is a refusal only then, because a 502/503 without it comes from
    /// something in front of the platform (a restarting dashboard, a load balancer) and is worth retrying.
    /// </summary>
    public static WakeAnswerKind Classify(int status, bool explained) => status switch
    {
        Running or Waking => WakeAnswerKind.Accepted,
        408 or TooManyRequests => WakeAnswerKind.Retry,
        >= 400 and < 500 => WakeAnswerKind.Refused,
        >= 500 when explained => WakeAnswerKind.Refused,
        // 1xx/3xx/other 2xx are not part of the contract; a redirecting load balancer may fix itself, so keep trying.
        _ => WakeAnswerKind.Retry,
    };
}
