namespace Gsp.Proxy.Wake;

/// <summary>How the proxy reacts to one answer from the wake webhook.</summary>
internal enum WakeResponseKind
{
    /// <summary>200 running, 202 starting, 409 transitioning: keep holding and retrying the game.</summary>
    Accepted,

    /// <summary>402 out of credits, 400/401/403/404 and other client errors: retrying cannot help, release everyone.</summary>
    Refused,

    /// <summary>5xx, 408, 429 or no answer: the backend is unavailable, retry with backoff.</summary>
    Retry,
}
