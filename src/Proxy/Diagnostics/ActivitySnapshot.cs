using Gsp.Proxy.Players;

namespace Gsp.Proxy.Diagnostics;

/// <summary>
/// What <c>GET /activity</c> returns; the platform's idle check reads it to decide when to hibernate.
/// <see cref="Players"/> is null when no game protocol is configured (plain byte proxy).
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
    PlayerSnapshot? Players = null);
