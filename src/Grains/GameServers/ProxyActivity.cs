namespace Gsp.GameServers;

/// <summary>
/// What a server's sidecar proxy reports: players connected now, when a byte last passed, and the game's own
/// player count (null from a proxy without a game protocol, or one older than the player query).
/// </summary>
public sealed record ProxyActivity(
    string ServerId,
    long TcpConnections,
    long UdpSessions,
    long HeldClients,
    long LastActivityUnixMs,
    ProxyPlayers? Players = null)
{
    public int ConnectedClients => (int)(TcpConnections + UdpSessions + HeldClients);

    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(LastActivityUnixMs);
}
