namespace Gsp.Proxy.Limits;

/// <summary>
/// Hard caps that keep a flood of clients from exhausting the sidecar (64 MiB, 64 pids in production, see
/// <c>ServerResources.SidecarSpec</c>). A client over a cap is dropped and counted in <c>/activity</c>; clients
/// already served are not affected. Read from <c>GSP_PROXY_*</c> by <c>ProxyOptionsReader</c>; the defaults were
/// sized by measurement in the real container (bench/README.md, "Sidecar under flood").
/// </summary>
public sealed record ProxyLimits
{
    /// <summary>UDP sessions (client endpoints) one UDP port serves at once (<c>GSP_PROXY_UDP_SESSIONS</c>, default 4,096).
    /// Measured in the container under a 10,000-port flood: 10,000 sessions peaked at 62 MiB, and 8,192 at 52–62 MiB
    /// (sockets, queues, the GC heap, the binary's page cache), too close to the 64 MiB limit; 4,096 leaves room for a
    /// second port and the TCP side. Far above any game's player count (a scanner sweeping source ports fills it).</summary>
    public int UdpSessionsPerListener { get; init; } = 4_096;

    /// <summary>UDP sessions one source address may hold on one port (<c>GSP_PROXY_UDP_SESSIONS_PER_ADDRESS</c>,
    /// default 1,024: a whole LAN party or carrier-grade NAT behind one address fits, and at a quarter of
    /// <see cref="UdpSessionsPerListener"/> one flooding host can never fill the port, so clients from other addresses
    /// are still served; proven by <c>SidecarFloodTests</c>). Clients on the host's loopback reach the sidecar through
    /// Docker's NAT and all share the bridge gateway's address.</summary>
    public int UdpSessionsPerAddress { get; init; } = 1_024;

    /// <summary>Datagram bytes held for all waking UDP sessions together (<c>GSP_PROXY_UDP_WAKE_BUFFER_BYTES</c>,
    /// default 4 MiB, a sixteenth of the container's memory). Each session is also bounded by count
    /// (<c>GSP_PROXY_UDP_BUFFER_DATAGRAMS</c>).</summary>
    public long UdpWakeBufferBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>TCP connections the proxy holds or relays at once over all its ports (<c>GSP_PROXY_TCP_CONNECTIONS</c>,
    /// default 4,096): measured in the container, 4,904 held connections peaked at 57 MiB (about 9 KiB each with their
    /// sockets), so 4,096 stays under 48 MiB.</summary>
    public int TcpConnections { get; init; } = 4_096;

    /// <summary>TCP connections one source address may have open at once (<c>GSP_PROXY_TCP_CONNECTIONS_PER_ADDRESS</c>,
    /// default 1,024, a quarter of <see cref="TcpConnections"/>, for the same reasons as <see cref="UdpSessionsPerAddress"/>).</summary>
    public int TcpConnectionsPerAddress { get; init; } = 1_024;

    /// <summary>Bytes held for all TCP clients waiting on a waking game together (<c>GSP_PROXY_TCP_HELD_BYTES</c>,
    /// default 8 MiB). A held client whose buffer cannot grow within it is released; each client is also bounded
    /// on its own (64 KiB).</summary>
    public long TcpHeldBytes { get; init; } = 8L * 1024 * 1024;
}
