using System.Net;
using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Proxy;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gsp.Sidecar.Contract.Tests;

/// <summary>
/// The grains write a sidecar's environment (<see cref="ServerResources.ProxySpec"/>); the sidecar reads it
/// (<see cref="ProxyOptionsReader"/>). Each seeded game's spec must be read back to exactly the settings it meant.
/// </summary>
public sealed class ProxySpecContractTests
{
    private static readonly ServerLabels Labels = new("host-1.abc", "user-1", "host-1", "gsp", new Dictionary<string, string>());

    public static TheoryData<string> SeededGames() => [.. CatalogSeed.Games.Select(g => g.Id)];

    [Theory]
    [MemberData(nameof(SeededGames))]
    public void Spec_written_by_the_grain_is_read_by_the_sidecar_as_meant(string gameId)
    {
        var game = CatalogSeed.Games.Single(g => g.Id == gameId);
        var settings = new ProxySettings("gsp/proxy:dev", "http://host.docker.internal:5080/api/webhook/wake", "secret-token", 8081,
            TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(25), new KnownGame("1.21.1", 767, 20));
        var spec = new ServerResources("host-1.abc").ProxySpec(Labels, game, 30000, settings);

        var read = ProxyOptionsReader.Read(name => spec.Environment.TryGetValue(name, out var value) ? value : null);

        Assert.Null(read.Error);
        var options = read.Options!;
        Assert.Equal(game.Ports.Select(p => (p.Number, p.Protocol)), options.Ports.Select(p => (p.UpstreamPort, p.Protocol)));
        Assert.All(options.Ports, p => Assert.Equal(p.UpstreamPort, p.ListenPort));
        Assert.Equal(ServerResources.GameAlias, options.UpstreamHost);
        Assert.Equal(new Uri(settings.WakeUrl), options.WakeUrl);
        Assert.Equal(Labels.ServerId, options.ServerId);
        Assert.Equal(settings.Token, options.Token);
        Assert.Equal(settings.AdminPort, options.AdminPort);
        Assert.Equal(game.QueryProtocol, options.GameProtocol);
        if (game.QueryProtocol != GameProtocol.None)
        {
            Assert.Equal(settings.PlayerQueryPeriod, options.QueryPeriod);
            Assert.Equal(settings.LoginTimeout, options.LoginTimeout);
            Assert.Equal(("1.21.1", 767, 20), (options.LastKnown.Version, options.LastKnown.VersionProtocol, options.LastKnown.MaxPlayers));
            Assert.True(options.QueryPort > 0, "a game protocol without a port to query");
        }

        // The admin port the grain publishes for /activity is the one the sidecar listens on.
        Assert.Contains(spec.Ports, p => p.ContainerPort == options.AdminPort && p.HostIp == "127.0.0.1");
    }

    [Fact]
    public async Task Activity_served_by_the_sidecar_is_read_by_the_grain_client()
    {
        var options = new ProxyOptions
        {
            Ports = [new PortMapping(0, 1, PortProtocol.Tcp)],
            UpstreamHost = "127.0.0.1",
            WakeUrl = new Uri("http://127.0.0.1:9/wake"),
            ServerId = "host-1.abc",
            Token = "secret-token",
            AdminPort = 0,
            ListenAddress = IPAddress.Loopback,
            GameProtocol = GameProtocol.MinecraftJava,
            QueryPort = 1,
            LastKnown = new LastKnownGame("1.21.1", 767, 20),
        };
        await using var proxy = new ProxyHost(options, new ProxyLog(TextWriter.Null, TimeProvider.System));
        proxy.Start();
        using var client = new ProxyActivityClient(NullLogger<ProxyActivityClient>.Instance);

        var activity = await client.GetAsync(proxy.AdminEndPoint.Port, options.Token, CancellationToken.None);

        Assert.NotNull(activity);
        Assert.Equal(proxy.Activity.Snapshot() with { LastActivityUnixMs = activity.LastActivityUnixMs, Players = activity.Players }, activity);
        Assert.Equal("host-1.abc", activity.ServerId);
        Assert.Equal(GameProtocol.MinecraftJava.Name(), activity.Players!.Protocol);
        Assert.Equal(new KnownGame("1.21.1", 767, 20), activity.Players.ToKnownGame());
    }
}
