namespace Gsp.WebFrontend.Cluster;

/// <summary>Whether the client has reached a gateway yet, and why not, for health reports.</summary>
public sealed class ClusterConnectionState
{
    private volatile string? lastError = "not connected yet";

    public bool Connected => lastError is null;

    public string? LastError => lastError;

    public void MarkConnected() => lastError = null;

    public void MarkFailed(string reason) => lastError = reason;
}
