namespace Gsp.GameServers;

/// <summary>What a server's sidecar proxy reports: players connected now, and when a byte last passed.</summary>
public sealed record ProxyActivity(
    string ServerId,
    long TcpConnections,
    long UdpSessions,
    long HeldClients,
    long LastActivityUnixMs)
{
    public int ConnectedClients => (int)(TcpConnections + UdpSessions + HeldClients);

    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(LastActivityUnixMs);
}
