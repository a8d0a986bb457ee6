using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Peers;
using Gsp.Tests.Processes;
using Gsp.Wallets;

namespace Gsp.WebFrontend.Tests.Webhooks;

/// <summary>
/// The whole wake path on real Docker: a player's connection reaches the sidecar, the sidecar calls the
/// real dashboard's webhook, the webhook wakes the grain, and the player's bytes reach the game. For a
/// Minecraft server only a login does that (real npm <c>minecraft-protocol</c> and <c>gamedig</c> peers):
/// a server-list ping is answered by the sidecar and wakes nothing.
/// </summary>
[Trait("Category", "Docker")]
public sealed class WakeWebhookTests : IAsyncLifetime
{
    /// <summary>Low enough to reach in a test, above what any other test here asks of one server.</summary>
    private const int PerServerPermits = 4;

    private readonly int webPort = FreePort.Next();
    private readonly GameServerCluster fixture;
    private DashboardProcess dashboard = null!;

    public WakeWebhookTests()
    {
        fixture = new GameServerCluster
        {
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:Wake:WebhookUrl"] = $"http://host.docker.internal:{webPort}/api/webhook/wake",
                // Short enough for the slow-game test (its game takes 60 s), long enough for the demo container
                // to start on a loaded two-core machine.
                ["Gsp:GameServers:LoginTimeout"] = "00:00:20",
            },
        };
    }

    public async Task InitializeAsync()
    {
        await fixture.InitializeAsync();
        dashboard = await fixture.StartDashboardAsync(webPort, new Dictionary<string, string>
        {
            ["Gsp__Wake__RateLimits__PerServerPermits"] = PerServerPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task Player_connecting_to_a_sleeping_server_wakes_it_and_gets_its_echo()
    {
        // Plain bytes: the demo game without a query protocol, so its sidecar is the plain byte proxy.
        var plain = await fixture.AddDemoVariantAsync("demo-plain", demo => demo with { QueryProtocol = GameProtocol.None });
        var server = await fixture.CreateDemoAsync(gameId: plain);
        var info = (await server.GetInfoAsync())!;
        Assert.Equal(GameServerStatus.Sleeping, info.Status);

        await using var player = await TcpProbe.ConnectAsync(info.PublicPort);
        var echo = await player.EchoAsync("held while the game starts", GameServerCluster.Patience);

        Assert.True(echo == "held while the game starts", "no echo; dashboard output:\n" + dashboard.Output);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Status_ping_to_a_sleeping_minecraft_server_answers_asleep_and_does_not_wake_it()
    {
        var server = await fixture.CreateDemoAsync();
        var info = (await server.GetInfoAsync())!;
        var port = info.PublicPort.ToString();

        var status = await GameProtocolPeer.RunAsync(GameServerCluster.Patience, "mc-status", "127.0.0.1", port);
        var gamedig = await GameProtocolPeer.RunAsync(GameServerCluster.Patience, "gamedig", "minecraft", "127.0.0.1", port);

        Assert.Equal("status", status.GetProperty("event").GetString());
        Assert.Contains("asleep", status.GetProperty("description").GetProperty("text").GetString());
        Assert.Equal(0, status.GetProperty("players").GetProperty("online").GetInt32());
        Assert.Equal(0, gamedig.GetProperty("numplayers").GetInt32());
        Assert.Equal(0, (await fixture.ProxyActivityJsonAsync(info.Id)).GetProperty("wakeRequests").GetInt64());
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Minecraft_login_to_a_sleeping_server_wakes_it_and_once_up_reaches_the_game()
    {
        var server = await fixture.CreateDemoAsync();
        var info = (await server.GetInfoAsync())!;

        // The stock demo game answers a login with its own "welcome" Disconnect: proof the login reached it.
        var outcome = await GameProtocolPeer.RunAsync(GameServerCluster.Patience, "mc-login", "127.0.0.1", info.PublicPort.ToString(), "Alex");

        Assert.True(outcome.GetProperty("event").GetString() == "disconnect", $"{outcome}; dashboard output:\n{dashboard.Output}");
        using var reason = JsonDocument.Parse(outcome.GetProperty("reason").GetString()!);
        Assert.Equal("Welcome Alex, this is the GSP demo game", reason.RootElement.GetProperty("text").GetString());
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Minecraft_login_to_a_game_slower_than_the_login_timeout_is_ended_with_a_starting_message()
    {
        var slow = await fixture.AddDemoVariantAsync("demo-slow", demo => demo with
        {
            // A declared variable: its default, not the game's environment, is what a new server gets.
            Variables = [.. demo.Variables.Select(v => v.Name == "DEMO_STARTUP_DELAY_SECONDS" ? v with { DefaultValue = "60" } : v)],
        });
        var server = await fixture.CreateDemoAsync(gameId: slow);
        var info = (await server.GetInfoAsync())!;

        var outcome = await GameProtocolPeer.RunAsync(GameServerCluster.Patience, "mc-login", "127.0.0.1", info.PublicPort.ToString(), "Alex");

        Assert.Equal("disconnect", outcome.GetProperty("event").GetString());
        using var reason = JsonDocument.Parse(outcome.GetProperty("reason").GetString()!);
        Assert.Equal("The server is starting, reconnect in a moment.", reason.RootElement.GetProperty("text").GetString());

        // The login woke it; on a loaded machine the engine may still be starting the container.
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
    }

    [Fact]
    public async Task Forged_token_unknown_server_and_malformed_body_are_refused_and_change_nothing()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var unknown = GameServerIds.New(fixture.HostName);

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"{{\"serverId\":\"{id}\"}}", "forged-token"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"{{\"serverId\":\"{id}\"}}", WakeTokens.Derive(GspTestCluster.WakeSecret, unknown)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"{{\"serverId\":\"{id}\"}}", null));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync($"{{\"serverId\":\"{unknown}\"}}", WakeTokens.Derive(GspTestCluster.WakeSecret, unknown)));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{\"serverId\":", WakeTokens.Derive(GspTestCluster.WakeSecret, id)));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{\"serverId\":\"no host part\"}", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("[1,2,3]", "x"));

        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Valid_wake_request_is_accepted_then_reports_running()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var token = WakeTokens.Derive(GspTestCluster.WakeSecret, id);

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync($"{{\"serverId\":\"{id}\"}}", token));
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"{{\"serverId\":\"{id}\"}}", token));
    }

    [Fact]
    public async Task Player_of_an_owner_without_credits_is_released_with_a_clean_close_and_the_server_stays_asleep()
    {
        var plain = await fixture.AddDemoVariantAsync("demo-plain", demo => demo with { QueryProtocol = GameProtocol.None });
        var server = await fixture.CreateDemoAsync(gameId: plain);
        var info = (await server.GetInfoAsync())!;
        var id = server.GetPrimaryKeyString();
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner);
        Assert.True((await wallet.GrantAsync(-GameServerCluster.OwnerCredits, "admin-1", "credits used up")).Succeeded);

        // The sidecar holds the player, asks the webhook, gets 402 and closes: no byte, no wait for the hold timeout.
        await using var player = await TcpProbe.ConnectAsync(info.PublicPort);
        Assert.Equal("", await player.EchoAsync("let me in", GameServerCluster.Patience));
        Assert.Contains($"Wake request for server {id}: InsufficientCredits", dashboard.Output);

        var (status, answer) = await PostForAnswerAsync($"{{\"serverId\":\"{id}\"}}", WakeTokens.Derive(GspTestCluster.WakeSecret, id));
        Assert.Equal(HttpStatusCode.PaymentRequired, status);
        Assert.Contains("add credits to wake this server", answer);
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
        var game = await fixture.Containers.InspectContainerAsync(new ServerResources(id).GameContainer, CancellationToken.None);
        Assert.False(game!.Running);
    }

    [Fact]
    public async Task Udp_datagram_to_a_sleeping_server_wakes_it_through_the_webhook_and_is_echoed()
    {
        var plain = await fixture.AddDemoVariantAsync("demo-plain", demo => demo with { QueryProtocol = GameProtocol.None });
        var server = await fixture.CreateDemoAsync(gameId: plain);
        var info = (await server.GetInfoAsync())!;

        using var player = new System.Net.Sockets.UdpClient();
        player.Connect(IPAddress.Loopback, info.PublicPort);
        var payload = Encoding.ASCII.GetBytes("woken over udp");
        using var patience = new CancellationTokenSource(GameServerCluster.Patience);
        string? echo = null;
        while (echo is null && !patience.IsCancellationRequested)
        {
            // A game client retransmits until answered; so does this one, once a second.
            await player.SendAsync(payload);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(patience.Token);
            wait.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                echo = Encoding.ASCII.GetString((await player.ReceiveAsync(wait.Token)).Buffer);
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.True(echo == "woken over udp", "no echo; dashboard output:\n" + dashboard.Output);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);
        Assert.Contains($"Wake request for server {server.GetPrimaryKeyString()}: None", dashboard.Output);
    }

    [Fact]
    public async Task Player_of_an_owner_without_credits_is_closed_within_a_second_not_at_the_hold_timeout()
    {
        var plain = await fixture.AddDemoVariantAsync("demo-plain", demo => demo with { QueryProtocol = GameProtocol.None });
        var server = await fixture.CreateDemoAsync(gameId: plain);
        var info = (await server.GetInfoAsync())!;
        var wallet = fixture.Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner);
        Assert.True((await wallet.GrantAsync(-GameServerCluster.OwnerCredits, "admin-1", "credits used up")).Succeeded);

        await using var first = await TcpProbe.ConnectAsync(info.PublicPort);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("", await first.EchoAsync("let me in", GameServerCluster.Patience));
        var firstClosed = clock.Elapsed;

        // The next player, within the sidecar's refusal back-off, is told at once without another webhook call.
        await using var second = await TcpProbe.ConnectAsync(info.PublicPort);
        clock.Restart();
        Assert.Equal("", await second.EchoAsync("me too", GameServerCluster.Patience));
        var secondClosed = clock.Elapsed;

        Assert.True(firstClosed < TimeSpan.FromSeconds(1), $"the first player was closed after {firstClosed.TotalMilliseconds:0} ms");
        Assert.True(secondClosed < TimeSpan.FromSeconds(1), $"the second player was closed after {secondClosed.TotalMilliseconds:0} ms");
        var activity = await fixture.ProxyActivityJsonAsync(server.GetPrimaryKeyString());
        Assert.Equal(1, activity.GetProperty("wakeRequests").GetInt64());
    }

    [Fact]
    public async Task Chunked_body_of_a_megabyte_is_refused_with_400()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        using var http = new HttpClient();
        var body = Encoding.ASCII.GetBytes($"{{\"serverId\":\"{id}\",\"pad\":\"" + new string('a', 1024 * 1024) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{dashboard.BaseUrl}/api/webhook/wake")
        {
            // A stream of unknown length: HttpClient sends it chunked, with no Content-Length to refuse it by.
            Content = new StreamContent(new UnknownLengthStream(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WakeTokens.Derive(GspTestCluster.WakeSecret, id));

        using var response = await http.SendAsync(request);

        Assert.True(request.Headers.TransferEncodingChunked == true || request.Content.Headers.ContentLength is null, "the request was not chunked");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
    }

    [Fact]
    public async Task Wake_requests_over_the_per_server_limit_get_429_with_retry_after()
    {
        var server = await fixture.CreateDemoAsync();
        var id = server.GetPrimaryKeyString();
        var token = WakeTokens.Derive(GspTestCluster.WakeSecret, id);
        var forged = await PostForResponseAsync($"{{\"serverId\":\"{id}\"}}", "forged-token");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);

        var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter)>();
        for (var i = 0; i < PerServerPermits + 1; i++)
        {
            answers.Add(await PostForResponseAsync($"{{\"serverId\":\"{id}\"}}", token));
        }

        // A stranger's forged request did not use up one of the server's permits.
        Assert.All(answers.Take(PerServerPermits), a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"answered {a.Status}"));
        var limited = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.NotNull(limited.RetryAfter);
        Assert.InRange(limited.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    private async Task<(HttpStatusCode Status, TimeSpan? RetryAfter)> PostForResponseAsync(string body, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{dashboard.BaseUrl}/api/webhook/wake")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>A stream that does not say how long it is, so HttpClient has to send it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }

    private async Task<HttpStatusCode> PostAsync(string body, string? token) => (await PostForAnswerAsync(body, token)).Status;

    private async Task<(HttpStatusCode Status, string Body)> PostForAnswerAsync(string body, string? token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{dashboard.BaseUrl}/api/webhook/wake")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
