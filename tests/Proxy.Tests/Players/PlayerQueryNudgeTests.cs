using System.Net.Http.Headers;
using Gsp.Proxy.Tests.Support;
using Gsp.Sidecar;

namespace Gsp.Proxy.Tests.Players;

/// <summary>The back-off of an unanswered player query (<c>PlayerQueryLoop</c>) never delays a reading the platform
/// asks for: a real proxy, the in-process demo game started behind it by "its owner" (no client reaches it).</summary>
public sealed class PlayerQueryNudgeTests
{
    [Fact]
    public async Task A_game_started_without_a_client_is_read_at_once_when_the_platform_asks_for_the_activity()
    {
        await using var game = new DemoUpstream();
        await using var backend = FakeWakeBackend.Always(202);
        await using var proxy = TestProxy.Start(TestProxy.Options(backend.Url, [], [game.Port]) with
        {
            GameProtocol = GameProtocol.ValveA2S,
            QueryPort = game.Port,
            QueryPeriod = TimeSpan.FromSeconds(1),
        });

        // Unanswered at 0, 1, 3 and 7 s: the next query is due at 15 s, later than the reading is waited for.
        await Task.Delay(TimeSpan.FromSeconds(7.5));
        await game.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{proxy.AdminEndPoint.Port}/activity");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestProxy.Token);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();

        await Eventually.TrueAsync(() => proxy.Activity.Snapshot().Players is { Known: true }, "the reading the platform asked for", TimeSpan.FromSeconds(6));
        Assert.Equal(0, backend.RequestCount);
    }
}
