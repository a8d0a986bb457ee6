using System.Text.Json.Serialization;

namespace Gsp.Sidecar;

/// <summary>
/// What the sidecar's <c>GET /activity</c> returns (camelCase JSON through <see cref="SidecarJsonContext"/>); the
/// platform's idle check reads it to decide when to hibernate. <see cref="Players"/> is null when no game protocol is
/// configured (plain byte proxy). The over-cap counters, since start: <see cref="UdpSessionsOverCap"/> new UDP clients
/// refused a session, <see cref="UdpWakeBufferOverCap"/> datagrams not held because the shared wake buffer was full,
/// <see cref="TcpConnectionsOverCap"/> TCP clients closed at accept, <see cref="TcpHeldBytesOverCap"/> held TCP clients
/// released because the shared hold buffer was full, <see cref="ResourceFailures"/> clients dropped because a socket,
/// thread or memory could not be had (the sidecar keeps serving the others).
/// </summary>
public sealed record ActivitySnapshot(
    string ServerId,
    long TcpConnections,
    long UdpSessions,
    long HeldClients,
    long LastActivityUnixMs,
    long BytesFromClients,
    long BytesToClients,
    long WakeRequests,
    long UdpDropped,
    PlayerSnapshot? Players = null,
    long UdpSessionsOverCap = 0,
    long UdpWakeBufferOverCap = 0,
    long TcpConnectionsOverCap = 0,
    long TcpHeldBytesOverCap = 0,
    long ResourceFailures = 0)
{
    /// <summary>Players connected through the sidecar now: relayed, held or in a UDP session.</summary>
    [JsonIgnore]
    public int ConnectedClients => (int)(TcpConnections + UdpSessions + HeldClients);

    [JsonIgnore]
    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(LastActivityUnixMs);
}
