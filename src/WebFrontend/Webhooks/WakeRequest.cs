namespace Gsp.WebFrontend.Webhooks;

/// <summary>The body a sidecar proxy posts: <c>{"serverId":"..."}</c>.</summary>
public sealed record WakeRequest(string? ServerId);
