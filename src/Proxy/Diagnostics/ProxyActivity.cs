using Gsp.Proxy.Players;

namespace Gsp.Proxy.Diagnostics;

/// <summary>Lock-free counters shared by every listener; cheap enough to bump on each relayed chunk.</summary>
/// <param name="players">The game's own player count, reported beside the counters; null for a plain byte proxy.</param>
public sealed class ProxyActivity(string serverId, TimeProvider time, PlayerCensus? players = null)
{
    private long tcpConnections;
    private long udpSessions;
    private long heldClients;
    private long lastActivityUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private long bytesFromClients;
    private long bytesToClients;
    private long wakeRequests;
    private long udpDropped;
    private long udpSessionsOverCap;
    private long udpWakeBufferOverCap;
    private long tcpConnectionsOverCap;
    private long tcpHeldBytesOverCap;
    private long resourceFailures;

    public void TcpOpened() { Interlocked.Increment(ref tcpConnections); Touch(); }

    public void TcpClosed() => Interlocked.Decrement(ref tcpConnections);

    public void UdpSessionOpened() { Interlocked.Increment(ref udpSessions); Touch(); }

    public void UdpSessionClosed() => Interlocked.Decrement(ref udpSessions);

    public void HoldStarted() => Interlocked.Increment(ref heldClients);

    public void HoldEnded() => Interlocked.Decrement(ref heldClients);

    public void FromClients(int bytes) { Interlocked.Add(ref bytesFromClients, bytes); Touch(); }

    public void ToClients(int bytes) { Interlocked.Add(ref bytesToClients, bytes); Touch(); }

    public void WakeRequested() => Interlocked.Increment(ref wakeRequests);

    public void UdpDropped(int datagrams) => Interlocked.Add(ref udpDropped, datagrams);

    public void UdpSessionOverCap() => Interlocked.Increment(ref udpSessionsOverCap);

    public void UdpWakeBufferOverCap() => Interlocked.Increment(ref udpWakeBufferOverCap);

    public void TcpConnectionOverCap() => Interlocked.Increment(ref tcpConnectionsOverCap);

    public void TcpHeldBytesOverCap() => Interlocked.Increment(ref tcpHeldBytesOverCap);

    public void ResourceFailure() => Interlocked.Increment(ref resourceFailures);

    public ActivitySnapshot Snapshot() => new(
        serverId,
        Interlocked.Read(ref tcpConnections),
        Interlocked.Read(ref udpSessions),
        Interlocked.Read(ref heldClients),
        Interlocked.Read(ref lastActivityUnixMs),
        Interlocked.Read(ref bytesFromClients),
        Interlocked.Read(ref bytesToClients),
        Interlocked.Read(ref wakeRequests),
        Interlocked.Read(ref udpDropped),
        players?.Snapshot(),
        Interlocked.Read(ref udpSessionsOverCap),
        Interlocked.Read(ref udpWakeBufferOverCap),
        Interlocked.Read(ref tcpConnectionsOverCap),
        Interlocked.Read(ref tcpHeldBytesOverCap),
        Interlocked.Read(ref resourceFailures));

    // A plain store is enough: readers only need a recent value, not the latest one.
    private void Touch() => Volatile.Write(ref lastActivityUnixMs, time.GetUtcNow().ToUnixTimeMilliseconds());
}
