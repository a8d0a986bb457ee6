namespace Gsp.GameServers;

/// <summary>What one server's sidecar proxy is configured with.</summary>
public sealed record ProxySettings(string Image, string WakeUrl, string Token, int AdminPort);
