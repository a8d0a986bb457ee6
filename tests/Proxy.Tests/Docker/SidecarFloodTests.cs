using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Tests.Support;
using Xunit.Abstractions;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// Issue 14: the real sidecar image in a container with the production limits and its default caps survives floods
/// that used to crash it, and serves its players meanwhile. Traffic goes only to the sidecar's address on the network
/// the test creates (see <see cref="SidecarContainer.AddressAsync"/>); every flood is bounded and stops by itself.
/// From the host every client has the bridge gateway's address, so the flood and the already connected player come
/// from one address, as from one hostile host; the fresh client comes from a <see cref="Neighbour"/> with an address of
/// its own. The per-address caps (a quarter of the per-port ones by default) are what keeps the flood from filling
/// the port: the floods pass them, so they also prove that clients over a cap are dropped and counted.
/// The target for the player is p99 &lt; 100 ms; it is logged, and asserted with a margin
/// (<see cref="PlayerP99Limit"/>) because CI runs it beside the other test assemblies on a shared box: a p99 of
/// seconds (a sidecar that stalls) still fails.
/// </summary>
public sealed class SidecarFloodTests(ITestOutputHelper output)
{
    private const int UdpPort = 7777;
    private const int TcpPort = 7778;

    /// <summary>The issue asks for 100 ms; five times that on a loaded CI box (bench/README.md has the measured values).</summary>
    private static readonly TimeSpan PlayerP99Limit = TimeSpan.FromMilliseconds(500);

    /// <summary>"Served at once": a first echo, or a connection taken in, within this (a client resends after 200 ms).</summary>
    private static readonly TimeSpan FreshClientLimit = TimeSpan.FromSeconds(1);

    [DemoGameImageFact]
    public async Task Ten_thousand_udp_source_ports_at_fifty_thousand_datagrams_a_second_leave_the_sidecar_up_and_the_player_served()
    {
        await using var sidecar = await SidecarContainer.StartAsync($"{UdpPort}/udp", $"{UdpPort}/udp");
        await using var neighbour = await Neighbour.StartAsync(sidecar);
        await sidecar.WaitReadyAsync();
        var address = await sidecar.AddressAsync();
        var endpoint = new IPEndPoint(address, UdpPort);
        using var player = new UdpPlayer(endpoint);
        Assert.True(player.Join(TimeSpan.FromSeconds(30)), "the player never reached the demo game through the sidecar");

        using var flood = new UdpFlood(endpoint, sources: 10_000, perSecond: 50_000, duration: TimeSpan.FromSeconds(30), datagramBytes: 64);
        player.Start();
        var flooding = flood.RunAsync();
        var peakPids = 0L;
        var freshServedIn = TimeSpan.MaxValue;
        var sampled = Stopwatch.StartNew();
        while (!flooding.IsCompleted)
        {
            peakPids = Math.Max(peakPids, sidecar.Pids());
            if (freshServedIn == TimeSpan.MaxValue && sampled.Elapsed > TimeSpan.FromSeconds(15))
            {
                freshServedIn = await neighbour.FirstUdpEchoAsync(address.ToString(), UdpPort);
            }

            await Task.WhenAny(flooding, Task.Delay(250));
        }

        await flooding;
        var (sent, echoed, p50, p99, max) = player.Stop();
        var activity = await sidecar.ActivityAsync();
        var peakMemory = sidecar.PeakMemoryBytes();
        var seconds = flood.Elapsed.TotalSeconds;
        output.WriteLine($"flood: {flood.Sent} datagrams in {seconds:0.0} s = {flood.Sent / seconds:0} /s from 10000 ports of one address");
        output.WriteLine($"player: sent {sent}, echoed {echoed} = {echoed / seconds:0.0} /s ({100.0 * (sent - echoed) / Math.Max(sent, 1):0.00} % lost), rtt p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
        output.WriteLine($"fresh client (own address) served in {freshServedIn.TotalMilliseconds:0} ms; sidecar peak memory {peakMemory / 1024} KiB of {SidecarContainer.MemoryLimitBytes / 1024}, peak pids {peakPids} of {SidecarContainer.PidsLimit}");
        output.WriteLine($"activity: {activity}");

        Assert.Equal(0, await sidecar.RestartCountAsync());
        Assert.False(await sidecar.OomKilledAsync());
        Assert.True(peakMemory < SidecarContainer.MemoryLimitBytes, $"peak memory {peakMemory} reached the limit");
        Assert.True(peakPids < SidecarContainer.PidsLimit / 2, $"{peakPids} pids: threads grow with sessions");
        Assert.True(activity.GetProperty("udpSessions").GetInt64() <= new Limits.ProxyLimits().UdpSessionsPerAddress + 1, "one address holds more sessions than its cap");
        Assert.True(activity.GetProperty("udpSessionsOverCap").GetInt64() > 0, "10,000 ports never passed the per-address cap");
        Assert.True(freshServedIn < FreshClientLimit, $"a fresh client from another address waited {freshServedIn.TotalMilliseconds:0} ms for its first echo");
        Assert.True(echoed > sent * 9 / 10, $"the connected player lost {sent - echoed} of {sent} echoes during the flood");
        Assert.True(TimeSpan.FromMilliseconds(p99) < PlayerP99Limit, $"the connected player's p99 was {p99:0.0} ms during the flood");
        Assert.True(player.Join(TimeSpan.FromSeconds(1)), "the connected player was not served at once after the flood");
    }

    [DemoGameImageFact]
    public async Task Five_thousand_tcp_connections_held_while_the_game_sleeps_leave_the_sidecar_up_and_the_player_served()
    {
        // The game answers UDP (the connected player) but not TCP: every TCP client is held, waiting for a wake.
        await using var sidecar = await SidecarContainer.StartAsync($"{UdpPort}/udp,{TcpPort}/tcp", $"{UdpPort}/udp", "GSP_PROXY_HOLD_SECONDS=300");
        await using var neighbour = await Neighbour.StartAsync(sidecar);
        await sidecar.WaitReadyAsync();
        var address = await sidecar.AddressAsync();
        var tcp = new IPEndPoint(address, TcpPort);
        using var player = new UdpPlayer(new IPEndPoint(address, UdpPort));
        Assert.True(player.Join(TimeSpan.FromSeconds(30)), "the player never reached the demo game through the sidecar");
        player.Start();

        var held = new List<Socket>();
        var peakPids = 0L;
        try
        {
            var hello = Encoding.ASCII.GetBytes(new string('h', 100));
            var refused = 0;
            var flooding = Stopwatch.StartNew();
            for (var i = 0; i < 5_000; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                held.Add(client);
                try
                {
                    await client.ConnectAsync(tcp);
                    // Every other client talks while held, so the hold buffers are exercised too.
                    if (i % 2 == 0)
                    {
                        await client.SendAsync(hello);
                    }
                }
                catch (SocketException)
                {
                    // Over a connection cap: reset by the sidecar, possibly while the connect completes.
                    refused++;
                }

                if (i % 250 == 0)
                {
                    peakPids = Math.Max(peakPids, sidecar.Pids());
                }
            }

            var connectSeconds = flooding.Elapsed.TotalSeconds;
            var waited = Stopwatch.StartNew();
            long heldNow = 0;
            while (waited.Elapsed < TimeSpan.FromSeconds(60) && Accounted(heldNow = (await sidecar.ActivityAsync()).GetProperty("heldClients").GetInt64(), await sidecar.ActivityAsync()) < 5_000)
            {
                peakPids = Math.Max(peakPids, sidecar.Pids());
                await Task.Delay(250);
            }

            // A fresh client from another address is taken in (held, waiting for the wake) at once.
            var before = (await sidecar.ActivityAsync()).GetProperty("heldClients").GetInt64();
            var (connected, holder) = await neighbour.HoldTcpAsync(address.ToString(), TcpPort, TimeSpan.FromSeconds(10));
            using var freshHolder = holder;
            var fresh = Stopwatch.StartNew();
            var freshIn = TimeSpan.MaxValue;
            while (fresh.Elapsed < TimeSpan.FromSeconds(5))
            {
                if ((await sidecar.ActivityAsync()).GetProperty("heldClients").GetInt64() > before)
                {
                    freshIn = connected + fresh.Elapsed;
                    break;
                }

                await Task.Delay(5);
            }

            var (sent, echoed, p50, p99, max) = player.Stop();
            var activity = await sidecar.ActivityAsync();
            var peakMemory = sidecar.PeakMemoryBytes();
            output.WriteLine($"flood: 5000 connections from one address in {connectSeconds:0.0} s; held: {heldNow} ({refused} saw the reset while connecting)");
            output.WriteLine($"fresh client (own address) connected in {connected.TotalMilliseconds:0} ms, seen held after {freshIn.TotalMilliseconds:0} ms");
            output.WriteLine($"player: sent {sent}, echoed {echoed}, rtt p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {max:0.0} ms");
            output.WriteLine($"sidecar peak memory {peakMemory / 1024} KiB of {SidecarContainer.MemoryLimitBytes / 1024}, now {sidecar.MemoryBytes() / 1024} KiB, peak pids {peakPids}");
            output.WriteLine($"activity: {activity}");
            freshHolder.Kill(entireProcessTree: true);

            Assert.Equal(0, await sidecar.RestartCountAsync());
            Assert.False(await sidecar.OomKilledAsync());
            Assert.True(peakMemory < SidecarContainer.MemoryLimitBytes, $"peak memory {peakMemory} reached the limit");
            Assert.True(peakPids < SidecarContainer.PidsLimit / 2, $"{peakPids} pids");
            Assert.True(Accounted(heldNow, activity) >= 5_000, $"only {heldNow} clients held: {activity}");
            Assert.True(activity.GetProperty("tcpConnectionsOverCap").GetInt64() > 0, "5,000 connections never passed the per-address cap");
            Assert.True(freshIn < FreshClientLimit, $"a fresh client from another address was taken in after {freshIn.TotalMilliseconds:0} ms");
            Assert.True(echoed > sent * 9 / 10, $"the connected player lost {sent - echoed} of {sent} echoes while the connections were made");
            Assert.True(TimeSpan.FromMilliseconds(p99) < PlayerP99Limit, $"the connected player's p99 was {p99:0.0} ms while the connections were made");
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Connections the sidecar holds, or dropped and counted at a cap: together, every connection made.</summary>
    private static long Accounted(long held, System.Text.Json.JsonElement activity) =>
        held + activity.GetProperty("tcpHeldBytesOverCap").GetInt64() + activity.GetProperty("tcpConnectionsOverCap").GetInt64();
}
