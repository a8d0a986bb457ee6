using System.Text.Json.Serialization;

namespace Gsp.Sidecar;

/// <summary>
/// What the sidecar's <c>GET /activity</c> returns (camelCase JSON through <see cref="SidecarJsonContext"/>); the
/// platform's idle check reads it to decide when to hibernate. <see cref="Players"/> is null when no game protocol is
/// configured (plain byte proxy).
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
    PlayerSnapshot? Players = null)
{
    /// <summary>Players connected through the sidecar now: relayed, held or in a UDP session.</summary>
    [JsonIgnore]
    public int ConnectedClients => (int)(TcpConnections + UdpSessions + HeldClients);

    [JsonIgnore]
    public DateTimeOffset LastActivity => DateTimeOffset.FromUnixTimeMilliseconds(LastActivityUnixMs);
}
