using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gsp.Proxy.Admin;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Admin;

public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Activity_endpoint_reports_connections_and_requires_token()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [game.Port]));
        using var first = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        using var second = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await first.SendAsync("12345"u8.ToArray());
        await TestProxy.ReceiveExactlyAsync(first, 5);
        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().TcpConnections == 2, "two connections counted");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.AdminEndPoint.Port}") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/activity")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/activity") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "wrong") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/activity") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TestProxy.Token) } };
        using var response = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(TestProxy.ServerId, json.GetProperty("serverId").GetString());
        Assert.Equal(2, json.GetProperty("tcpConnections").GetInt64());
        Assert.Equal(0, json.GetProperty("heldClients").GetInt64());
        Assert.Equal(5, json.GetProperty("bytesFromClients").GetInt64());
        Assert.Equal(5, json.GetProperty("bytesToClients").GetInt64());
        Assert.Equal(0, json.GetProperty("wakeRequests").GetInt64());
        Assert.Equal(0, json.GetProperty("udpSessions").GetInt64());
        Assert.Equal(0, json.GetProperty("udpDropped").GetInt64());
        Assert.True(json.GetProperty("lastActivityUnixMs").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Healthz_answers_ok_and_healthcheck_mode_exits_zero_only_while_it_does()
    {
        await using var backend = FakeWakeBackend.Always(202);
        var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [1]));
        var port = proxy.AdminEndPoint.Port;
        using var http = new HttpClient();

        Assert.Equal("ok", await http.GetStringAsync($"http://127.0.0.1:{port}/healthz"));
        Assert.Equal(0, await HealthProbe.RunAsync(port));

        await proxy.StopAsync();
        Assert.Equal(1, await HealthProbe.RunAsync(port));
    }
}
