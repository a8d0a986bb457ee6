using System.Text;
using System.Text.Json;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Wake;

public sealed class WakeContractTests
{
    [Fact]
    public async Task Wake_request_posts_server_id_with_bearer_token()
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(202);
        backend.RequestReceived += _ => game.StartListening();
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("x"u8.ToArray());
        await TestProxy.ReceiveExactlyAsync(client, 1);

        var request = Assert.Single(backend.Requests);
        Assert.Equal("POST /api/webhook/wake HTTP/1.1", request.RequestLine);
        Assert.Equal($"Bearer {TestProxy.Token}", request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        Assert.Equal(TestProxy.ServerId, JsonDocument.Parse(request.Body).RootElement.GetProperty("serverId").GetString());
    }

    [Fact]
    public async Task Backend_down_is_retried_until_it_answers()
    {
        using var game = new FakeTcpGame();
        await using var backend = new FakeWakeBackend(n => n <= 2 ? (503, "") : (202, ""));
        backend.RequestReceived += n =>
        {
            if (n == 3)
            {
                game.StartListening();
            }
        };
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("retry"u8.ToArray());

        Assert.Equal("retry", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 5)));
        Assert.Equal(3, backend.RequestCount);
    }

    [Fact]
    public async Task Unreachable_backend_is_retried_until_hold_time_then_client_is_released()
    {
        using var game = new FakeTcpGame();
        using var deadBackend = new FakeTcpGame();
        var deadUrl = new Uri($"http://127.0.0.1:{deadBackend.Port}/wake");
        var options = TestProxy.Options(deadUrl, [game.Port], hold: TimeSpan.FromSeconds(2));
        await using var proxy = TestProxy.Start(options);

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));

        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(20)));
        Assert.True(proxy.Activity.Snapshot().WakeRequests >= 3, $"only {proxy.Activity.Snapshot().WakeRequests} attempts in 2 s");
    }

    [Fact]
    public async Task Out_of_credits_releases_held_clients_cleanly()
    {
        using var game = new FakeTcpGame();
        var allHeld = new TaskCompletionSource();
        await using var backend = new FakeWakeBackend(_ =>
        {
            // Answer only once every client is held, so all three share this one refused wake.
            allHeld.Task.Wait(TimeSpan.FromSeconds(30));
            return (402, """{"error":"out of credits"}""");
        });
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: TimeSpan.FromSeconds(60)));

        var clients = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 3; i++)
        {
            var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
            await client.SendAsync("join"u8.ToArray());
            clients.Add(client);
        }

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().HeldClients == 3, "three held clients");
        allHeld.SetResult();

        foreach (var client in clients)
        {
            // Far shorter than the 60 s hold: the refusal, not the timeout, released them.
            Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(15)));
            client.Dispose();
        }

        Assert.Equal(0, game.AcceptedConnections);
        Assert.Equal(1, backend.RequestCount);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Rejected_wake_releases_the_client_without_retrying(int status)
    {
        using var game = new FakeTcpGame();
        await using var backend = FakeWakeBackend.Always(status, """{"error":"no"}""");
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port], hold: TimeSpan.FromSeconds(60)));

        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));

        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(15)));
        Assert.Equal(1, backend.RequestCount);
    }
}
