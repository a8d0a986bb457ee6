using Gsp.Proxy.Players;

namespace Gsp.Proxy.Diagnostics;

/// <summary>
/// What <c>GET /activity</c> returns; the platform's idle check reads it to decide when to hibernate.
/// <see cref="Players"/> is null when no game protocol is configured (plain byte proxy).
/// The over-cap counters (see <c>ProxyLimits</c>): <see cref="UdpSessionsOverCap"/> new UDP clients refused a session,
/// <see cref="UdpWakeBufferOverCap"/> datagrams not held because the shared wake buffer was full,
/// <see cref="TcpConnectionsOverCap"/> TCP clients closed at accept, <see cref="TcpHeldBytesOverCap"/> held TCP clients
/// released because the shared hold buffer was full, <see cref="ResourceFailures"/> clients dropped because a socket,
/// thread or memory could not be had (the process keeps serving the others).
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
    // --- sidecar caps (issue 14): clients dropped by a cap or a resource failure, since start ---
    long UdpSessionsOverCap = 0,
    long UdpWakeBufferOverCap = 0,
    long TcpConnectionsOverCap = 0,
    long TcpHeldBytesOverCap = 0,
    long ResourceFailures = 0);
