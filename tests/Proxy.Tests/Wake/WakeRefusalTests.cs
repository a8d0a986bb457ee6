using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Minecraft;
using Gsp.Proxy.Tests.Support;
using Gsp.Tests.Peers;

namespace Gsp.Proxy.Tests.Wake;

/// <summary>
/// Honest answers to a waiting player: every refusal of the platform (failed server, host busy or offline, no
/// credits, unknown server) releases the held players at once with its reason, and for a while after it the proxy
/// answers new players with the same refusal instead of calling the webhook again. A 429's Retry-After is honoured.
/// </summary>
public sealed class WakeRefusalTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(60);

    /// <summary>The brief's bound for a refused player; the hold time is 60 s, so passing it proves "at once".</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(409, "a failed server cannot wake; delete it (image not found)")]
    [InlineData(402, "add credits to wake this server")]
    [InlineData(503, "host offline: host-a is not reachable; try again when it is back")]
    [InlineData(404, "there is no such server")]
    public async Task Held_client_is_released_within_a_second_of_a_refusal(int status, string reason)
    {
        using var game = new FakeTcpGame();
        var refused = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = new FakeWakeBackend(_ => (status, JsonSerializer.Serialize(new WakeAnswer(Error: reason), SidecarJsonContext.Default.WakeAnswer)));
        backend.RequestReceived += _ => refused.TrySetResult(Stopwatch.StartNew());
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("join"u8.ToArray());
        var sinceRefusal = await refused.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(10)), "the held client was not closed cleanly");
        Assert.True(sinceRefusal.Elapsed < AtOnce, $"released {sinceRefusal.Elapsed.TotalMilliseconds:0} ms after the refusal");
        Assert.Equal(0, proxy.Activity.Snapshot().HeldClients);
    }

    [Fact]
    public async Task Minecraft_login_refused_for_credits_gets_a_disconnect_with_the_reason_within_a_second()
    {
        const string Expected = "The server cannot start: add credits to wake this server";
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(402, """{"error":"add credits to wake this server"}""");
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold) with
        {
            GameProtocol = GameProtocol.MinecraftJava,
            QueryPort = game.Port,
            LoginTimeout = TimeSpan.FromSeconds(30),
            RefusalBackoff = TimeSpan.FromMinutes(5), // longer than the peer may take to start under load
        });
        var endpoint = proxy.TcpEndPointFor(game.Port);

        // Timed on a raw login, so the clock holds the webhook round trip and the proxy, not a client's start-up.
        using var raw = await TestProxy.ConnectAsync(endpoint);
        var clock = Stopwatch.StartNew();
        await raw.SendAsync(LoginBytes("Steve"));
        var disconnect = await ReadDisconnectAsync(raw);
        var elapsed = clock.Elapsed;

        // And a real client, arriving within the refusal's back-off, shows the same reason.
        var outcome = await GameProtocolPeer.RunAsync(TimeSpan.FromSeconds(60), "mc-login", "127.0.0.1", endpoint.Port.ToString(), "Alex");

        Assert.Equal(Expected, disconnect);
        Assert.True(elapsed < AtOnce, $"the Disconnect came {elapsed.TotalMilliseconds:0} ms after the login");
        Assert.Equal("disconnect", outcome.GetProperty("event").GetString());
        using var reason = JsonDocument.Parse(outcome.GetProperty("reason").GetString()!);
        Assert.Equal(Expected, reason.RootElement.GetProperty("text").GetString());
        Assert.Equal(1, backend.RequestCount);
    }

    [Fact]
    public async Task Hundred_connections_after_a_refusal_make_one_webhook_call_per_backoff_period()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(402, """{"error":"add credits to wake this server"}""");
        var refusal = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        backend.RequestReceived += _ => refusal.TrySetResult(Stopwatch.StartNew());
        var backoff = TimeSpan.FromSeconds(10);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold) with { RefusalBackoff = backoff });
        var endpoint = proxy.TcpEndPointFor(game.Port);
        var clock = Stopwatch.StartNew();

        var closed = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var client = await TestProxy.ConnectAsync(endpoint);
            await client.SendAsync("join"u8.ToArray());
            return await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(10));
        }));
        var firstPeriod = clock.Elapsed;

        Assert.All(closed, Assert.True);
        Assert.True(firstPeriod < backoff, $"100 refused connections took {firstPeriod.TotalSeconds:0.0} s, longer than the back-off");
        Assert.Equal(1, backend.RequestCount);

        // Time passing is the behaviour under test: once the back-off is over, the next player asks again.
        var sinceRefusal = await refusal.Task;
        await Task.Delay(backoff - sinceRefusal.Elapsed + TimeSpan.FromMilliseconds(500));
        using var later = await TestProxy.ConnectAsync(endpoint);
        await later.SendAsync("join"u8.ToArray());
        Assert.True(await TestProxy.ClosedCleanlyAsync(later, TimeSpan.FromSeconds(10)));
        Assert.Equal(2, backend.RequestCount);
    }

    [Fact]
    public async Task Retry_after_of_a_429_is_honoured_while_the_player_is_held()
    {
        using var game = new FakeTcpGame();
        var times = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await using var backend = new FakeWakeBackend(n => n == 1 ? (429, """{"error":"too many wake requests for this server"}""") : (202, ""))
        {
            ExtraHeaders = n => n == 1 ? "Retry-After: 2" : null,
        };
        backend.RequestReceived += n =>
        {
            lock (times)
            {
                times.Add(clock.Elapsed);
            }

            if (n == 2)
            {
                game.StartListening();
            }
        };
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("held"u8.ToArray());

        Assert.Equal("held", System.Text.Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 4, TimeSpan.FromSeconds(30))));
        Assert.Equal(2, backend.RequestCount);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(2), $"asked again after {(times[1] - times[0]).TotalMilliseconds:0} ms despite Retry-After: 2");
    }

    /// <summary>A 1.21 handshake with next state 2 (login), then the login start.</summary>
    private static byte[] LoginBytes(string name) =>
    [
        .. MinecraftWire.Frame(0x00, w =>
        {
            MinecraftWire.WriteVarInt(w, 767);
            MinecraftWire.WriteString(w, "localhost");
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(w.GetSpan(2), 25565);
            w.Advance(2);
            MinecraftWire.WriteVarInt(w, 2);
        }),
        .. MinecraftWire.Frame(0x00, w =>
        {
            MinecraftWire.WriteString(w, name);
            w.Write(new byte[16]);
        }),
    ];

    /// <summary>Reads to the proxy's FIN and returns the text of the login Disconnect it sent first.</summary>
    private static async Task<string> ReadDisconnectAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        var frame = received.ToArray().AsSpan();
        var prefix = MinecraftWire.TryReadVarInt(frame, out _);
        Assert.Equal(0x00, frame[prefix]);
        MinecraftWire.TryReadString(frame[(prefix + 1)..], 32_767 * 4, out var json);
        using var component = JsonDocument.Parse(json);
        return component.RootElement.GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task A_bare_503_from_something_in_front_of_the_platform_is_retried_not_a_refusal()
    {
        using var game = new FakeTcpGame();
        await using var backend = new FakeWakeBackend(n => n == 1 ? (503, "<html>bad gateway</html>") : (202, ""));
        backend.RequestReceived += n =>
        {
            if (n == 2)
            {
                game.StartListening();
            }
        };
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("ok"u8.ToArray());

        Assert.Equal("ok", System.Text.Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 2, TimeSpan.FromSeconds(30))));
    }
}
