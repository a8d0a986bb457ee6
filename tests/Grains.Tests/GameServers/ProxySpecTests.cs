using Gsp.Catalog;
using Gsp.GameServers;

namespace Gsp.Tests.GameServers;

public sealed class ProxySpecTests
{
    private static readonly ServerLabels Labels = new("host-1.abc", "user-1", "host-1", "gsp", new Dictionary<string, string>());

    [Fact]
    public void Sidecar_of_a_game_with_a_player_query_is_told_its_protocol_timings_and_last_known_game()
    {
        var minecraft = CatalogSeed.Games.Single(g => g.Id == "minecraft-java");
        var settings = Settings(new KnownGame("1.21.1", 767, 20));

        var environment = new ServerResources("host-1.abc").ProxySpec(Labels, minecraft, 30000, settings).Environment;

        Assert.Equal("25565/tcp", environment["GSP_PROXY_PORTS"]);
        Assert.Equal("game", environment["GSP_PROXY_UPSTREAM_HOST"]);
        Assert.Equal("minecraft-java", environment["GSP_PROXY_GAME_PROTOCOL"]);
        Assert.Equal("10", environment["GSP_PROXY_QUERY_SECONDS"]);
        Assert.Equal("25", environment["GSP_PROXY_LOGIN_TIMEOUT_SECONDS"]);
        Assert.Equal("1.21.1", environment["GSP_PROXY_LAST_VERSION"]);
        Assert.Equal("767", environment["GSP_PROXY_LAST_PROTOCOL"]);
        Assert.Equal("20", environment["GSP_PROXY_LAST_MAX_PLAYERS"]);
    }

    [Theory]
    [InlineData("valheim", "valve-a2s")]
    [InlineData("satisfactory", "satisfactory")]
    public void Each_seeded_game_passes_its_protocol_to_its_sidecar(string gameId, string protocol)
    {
        var game = CatalogSeed.Games.Single(g => g.Id == gameId);

        var environment = new ServerResources("host-1.abc").ProxySpec(Labels, game, 30000, Settings(null)).Environment;

        Assert.Equal(protocol, environment["GSP_PROXY_GAME_PROTOCOL"]);
        Assert.False(environment.ContainsKey("GSP_PROXY_LAST_VERSION"));
    }

    [Fact]
    public void Sidecar_of_a_game_without_a_player_query_stays_a_plain_byte_proxy()
    {
        var plain = CatalogSeed.Games.Single(g => g.Id == "demo") with { QueryProtocol = GameProtocol.None };

        var environment = new ServerResources("host-1.abc").ProxySpec(Labels, plain, 30000, Settings(new KnownGame("1", 1, 1))).Environment;

        Assert.DoesNotContain(environment.Keys, key => key is "GSP_PROXY_GAME_PROTOCOL" or "GSP_PROXY_QUERY_SECONDS" or "GSP_PROXY_LAST_VERSION");
        Assert.Equal(6, environment.Count);
    }

    private static ProxySettings Settings(KnownGame? known) =>
        new("gsp/proxy:dev", "http://host.docker.internal:5080/api/webhook/wake", "token", 8081, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25), known);
}
