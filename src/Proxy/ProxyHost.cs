using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Admin;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;
using Gsp.Proxy.Minecraft;
using Gsp.Proxy.Players;
using Gsp.Proxy.Satisfactory;
using Gsp.Proxy.Tcp;
using Gsp.Proxy.Udp;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Valve;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy;

/// <summary>
/// The whole proxy in-process: listeners for every configured port, the shared wake coordinator and the
/// admin endpoint. <c>Program</c> runs one; tests start their own on ephemeral ports.
/// </summary>
public sealed class ProxyHost : IAsyncDisposable
{
    private readonly ProxyOptions options;
    private readonly ProxyLog log;
    private readonly TimeProvider time;
    private readonly HttpClient httpClient;
    private readonly WakeCoordinator wake;
    private readonly UpstreamResolver upstream;
    private readonly ConnectionTracker tracker = new();
    private readonly ByteBudget udpWakeBuffer;
    private readonly ByteBudget tcpHeldBytes;
    private readonly AddressQuota tcpConnections;
    private readonly CancellationTokenSource accepting = new();
    private readonly CancellationTokenSource abort = new();
    private readonly List<TcpProxyListener> tcpListeners = [];
    private readonly List<UdpProxyListener> udpListeners = [];
    private readonly List<Task> loops = [];
    private readonly SleepingMinecraft? sleepingMinecraft;
    private readonly ISleepingUdp? sleepingUdp;
    private readonly PlayerQueryLoop? playerQuery;
    private AdminServer? admin;
    private int stopped;

    public ProxyHost(ProxyOptions options, ProxyLog log, TimeProvider? time = null)
    {
        this.options = options;
        this.log = log;
        this.time = time ?? TimeProvider.System;
        Players = options.GameProtocol == GameProtocol.None ? null : new PlayerCensus(options.GameProtocol, options.LastKnown, this.time);
        Activity = new ProxyActivity(options.ServerId, this.time, Players);
        udpWakeBuffer = new ByteBudget(options.Limits.UdpWakeBufferBytes, Activity.UdpWakeBufferOverCap);
        tcpHeldBytes = new ByteBudget(options.Limits.TcpHeldBytes, Activity.TcpHeldBytesOverCap);
        tcpConnections = new AddressQuota(options.Limits.TcpConnections, options.Limits.TcpConnectionsPerAddress);
        httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var backend = new HttpWakeBackend(httpClient, options.WakeUrl, options.ServerId, options.Token);
        wake = new WakeCoordinator(backend, options.HoldTime, this.time, log, Activity, options.RefusalBackoff);
        upstream = new UpstreamResolver(options.UpstreamHost, this.time);
        if (Players is not null && options.QueryPort > 0)
        {
            sleepingMinecraft = options.GameProtocol == GameProtocol.MinecraftJava ? new SleepingMinecraft(Players, wake, log) : null;
            sleepingUdp = options.GameProtocol switch
            {
                GameProtocol.ValveA2S => new SleepingA2s(Players, wake),
                GameProtocol.MinecraftJava => new SleepingMinecraftUdp(),
                _ => null,
            };
            IPlayerQuery query = options.GameProtocol switch
            {
                GameProtocol.MinecraftJava => new MinecraftStatusQuery(upstream, options.UpstreamHost, options.QueryPort),
                GameProtocol.ValveA2S => new A2sInfoQuery(upstream, options.QueryPort),
                _ => new SatisfactoryQuery(upstream, options.QueryPort),
            };
            playerQuery = new PlayerQueryLoop(query, Players, options.QueryPeriod, this.time, log);
            wake.UpstreamReachable += playerQuery.Nudge;
        }
    }

    /// <summary>The game's own player count, or null when no game protocol is configured.</summary>
    public PlayerCensus? Players { get; }

    public ProxyActivity Activity { get; }

    public IPEndPoint AdminEndPoint => admin?.LocalEndPoint ?? throw new InvalidOperationException("not started");

    /// <summary>Where clients connect for the game's TCP port <paramref name="upstreamPort"/>.</summary>
    public IPEndPoint TcpEndPointFor(int upstreamPort) =>
        tcpListeners[IndexOf(upstreamPort, PortProtocol.Tcp)].LocalEndPoint;

    /// <summary>Where clients send datagrams for the game's UDP port <paramref name="upstreamPort"/>.</summary>
    public IPEndPoint UdpEndPointFor(int upstreamPort) =>
        udpListeners[IndexOf(upstreamPort, PortProtocol.Udp)].LocalEndPoint;

    /// <summary>Binds every port (throws <see cref="SocketException"/> if one is taken) and starts serving.</summary>
    public void Start()
    {
        foreach (var port in options.Ports)
        {
            var endpoint = new IPEndPoint(options.ListenAddress, port.ListenPort);
            if (port.HasTcp)
            {
                var upstreamPort = port.UpstreamPort;
                var watch = new UpstreamWatch(upstream, upstreamPort, time);
                var listener = new TcpProxyListener(endpoint, client => CreateConnection(client, upstreamPort, watch), tracker, tcpConnections, Activity, log, time);
                tcpListeners.Add(listener);
                loops.Add(Task.Run(() => listener.AcceptLoopAsync(accepting.Token, abort.Token)));
            }

            if (port.HasUdp)
            {
                var upstreamPort = port.UpstreamPort;
                var listener = new UdpProxyListener(
                    endpoint,
                    (client, socket, replies, onClosed) => CreateSession(client, socket, replies, upstreamPort, onClosed),
                    Activity,
                    time,
                    options.UdpIdleTimeout,
                    options.Limits,
                    log);
                udpListeners.Add(listener);
                loops.Add(Task.Run(() => listener.RelayLoopAsync(accepting.Token)));
                loops.Add(Task.Run(() => listener.ExpireIdleLoopAsync(accepting.Token)));
            }
        }

        if (playerQuery is not null)
        {
            loops.Add(Task.Run(() => playerQuery.RunAsync(accepting.Token)));
        }

        admin = new AdminServer(new IPEndPoint(options.ListenAddress, options.AdminPort), Activity, options.Token, log, playerQuery is null ? null : playerQuery.Nudge);
        loops.Add(Task.Run(() => admin.AcceptLoopAsync(abort.Token)));
        log.Info($"proxy for server {options.ServerId} listening on {string.Join(", ", options.Ports.Select(Describe))} -> {options.UpstreamHost}; admin on {admin.LocalEndPoint.Port}"
            + (Players is null ? "" : $"; speaking {options.GameProtocol.Name()} on {options.QueryPort}"));
    }

    /// <summary>
    /// Stops accepting, releases held clients, lets relays finish for up to the grace period, then cuts them.
    /// UDP stops at once: datagram games have no "finished" signal to wait for. Idempotent.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        log.Info($"shutting down; waiting up to {options.ShutdownGrace.TotalSeconds:0.#} s for relays");
        accepting.Cancel();
        wake.Stop();
        tcpListeners.ForEach(l => l.Dispose());
        udpListeners.ForEach(l => l.Dispose());
        using var grace = new CancellationTokenSource(options.ShutdownGrace, time);
        if (!await tracker.WaitAllAsync(grace.Token))
        {
            log.Warn("grace period over; closing remaining relays");
        }

        abort.Cancel();
        await tracker.WaitAllAsync(CancellationToken.None);
        admin?.Dispose();
        await Task.WhenAll(loops);
        httpClient.Dispose();
        log.Info("stopped");
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private TcpConnection CreateConnection(Socket client, int upstreamPort, UpstreamWatch watch) =>
        new(client, upstreamPort, upstream, watch, wake, Activity, log, time, options.HoldTime, options.TcpHoldBufferBytes,
            upstreamPort == options.QueryPort ? sleepingMinecraft : null, options.LoginTimeout, tcpHeldBytes);

    private UdpSession CreateSession(IPEndPoint client, Socket listener, UdpRelayLoop replies, int upstreamPort, Action<UdpSession> onClosed) =>
        new(client, listener, replies, upstreamPort, upstream, wake, Activity, log, time, options.HoldTime, options.UdpBufferDatagrams, udpWakeBuffer, onClosed,
            upstreamPort == options.QueryPort ? sleepingUdp : null);

    private int IndexOf(int upstreamPort, PortProtocol protocol) =>
        options.Ports.Where(p => p.Protocol.Overlaps(protocol)).Select(p => p.UpstreamPort).ToList().IndexOf(upstreamPort) is var i and >= 0
            ? i
            : throw new ArgumentOutOfRangeException(nameof(upstreamPort), upstreamPort, $"no {protocol} mapping for this port");

    private static string Describe(PortMapping port) =>
        $"{port.ListenPort}/{port.Protocol.ToString().ToLowerInvariant()}";
}
