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
        await using var game = new DemoUpstream();
        var refused = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = FakeWakeBackend.Always(402, """{"error":"add credits to wake this server"}""");
        backend.RequestReceived += _ => refused.TrySetResult(Stopwatch.StartNew());
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: Hold) with
        {
            GameProtocol = GameProtocol.MinecraftJava,
            QueryPort = game.Port,
            LoginTimeout = TimeSpan.FromSeconds(30),
        });
        var port = proxy.TcpEndPointFor(game.Port).Port.ToString();

        var outcome = await GameProtocolPeer.RunAsync(TimeSpan.FromSeconds(60), "mc-login", "127.0.0.1", port, "Alex");
        var sinceRefusal = (await refused.Task).Elapsed;

        Assert.Equal("disconnect", outcome.GetProperty("event").GetString());
        using var reason = JsonDocument.Parse(outcome.GetProperty("reason").GetString()!);
        Assert.Equal("The server cannot start: add credits to wake this server", reason.RootElement.GetProperty("text").GetString());
        Assert.True(sinceRefusal < AtOnce, $"the Disconnect came {sinceRefusal.TotalMilliseconds:0} ms after the refusal");
    }

    [Fact]
    public async Task Hundred_connections_after_a_refusal_make_one_webhook_call_per_backoff_period()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(402, """{"error":"add credits to wake this server"}""");
        var backoff = TimeSpan.FromSeconds(3);
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
        await Task.Delay(backoff - clock.Elapsed + TimeSpan.FromMilliseconds(200));
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
