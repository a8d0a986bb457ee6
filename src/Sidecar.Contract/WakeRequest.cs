namespace Gsp.Sidecar;

/// <summary>
/// The body the sidecar posts to the wake webhook, <c>{"serverId":"…"}</c>, with <c>Authorization: Bearer</c> and
/// its own token. The webhook reads at most <see cref="MaxBodyBytes"/> of it, however the body is framed.
/// </summary>
public sealed record WakeRequest(string? ServerId)
{
    /// <summary>Far more than any server id needs; anything longer is not a sidecar.</summary>
    public const int MaxBodyBytes = 4096;
}
