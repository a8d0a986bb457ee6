using Gsp.Catalog;
using Gsp.Containers;

namespace Gsp.Tests.Catalog;

public sealed class GameDefinitionRulesTests
{
    private static GameDefinition Demo => CatalogSeed.Games.Single(g => g.Id == "demo");

    [Fact]
    public void Seed_offers_the_four_games_of_the_first_design_and_each_is_valid()
    {
        Assert.Equal(["demo", "minecraft-java", "satisfactory", "valheim"], CatalogSeed.Games.Select(g => g.Id).Order());
        Assert.All(CatalogSeed.Games, game => Assert.Empty(GameDefinitionRules.Validate(game)));

        var valheim = CatalogSeed.Games.Single(g => g.Id == "valheim");
        Assert.Equal([2456, 2457], valheim.Ports.Select(p => p.Number));
        Assert.All(valheim.Ports, p => Assert.Equal(PortProtocol.Udp, p.Protocol));
        Assert.Equal(PortProtocol.Both, CatalogSeed.Games.Single(g => g.Id == "satisfactory").Ports.Single().Protocol);
        Assert.All(CatalogSeed.Games, game => Assert.Equal(0.5m, game.PricePerHour));
    }

    [Fact]
    public void Each_seeded_game_names_the_player_query_its_sidecar_speaks()
    {
        var protocols = CatalogSeed.Games.ToDictionary(g => g.Id, g => g.QueryProtocol);

        Assert.Equal(GameProtocol.MinecraftJava, protocols["minecraft-java"]);
        Assert.Equal(GameProtocol.ValveA2S, protocols["valheim"]);
        Assert.Equal(GameProtocol.Satisfactory, protocols["satisfactory"]);
        // The demo game speaks Minecraft's status and login (and A2S, for variants that say so).
        Assert.Equal(GameProtocol.MinecraftJava, protocols["demo"]);
    }

    [Fact]
    public void Definition_with_bad_values_is_refused_with_every_problem_named()
    {
        var bad = Demo with
        {
            Id = "Bad Id",
            Image = "has space",
            Ports = [new GamePort(70000, PortProtocol.Tcp, "game"), new GamePort(70000, PortProtocol.Udp, "game")],
            MemoryMb = 1,
            Cpus = 0,
            PricePerHour = -1,
            DataPath = "relative",
            Variables = [new GameVariable("lower", "x", "", "("), new GameVariable("OK_NAME", "x", "zz", "[0-9]+")],
        };

        var problems = GameDefinitionRules.Validate(bad);

        Assert.Contains(problems, p => p.StartsWith("id"));
        Assert.Contains(problems, p => p.StartsWith("image"));
        Assert.Contains(problems, p => p.Contains("70000 is outside"));
        Assert.Contains(problems, p => p.Contains("may appear once"));
        Assert.Contains(problems, p => p.StartsWith("memory"));
        Assert.Contains(problems, p => p.StartsWith("CPUs"));
        Assert.Contains(problems, p => p.StartsWith("price"));
        Assert.Contains(problems, p => p.StartsWith("data path"));
        Assert.Contains(problems, p => p.Contains("'lower'"));
        Assert.Contains(problems, p => p.Contains("invalid pattern"));
        Assert.Contains(problems, p => p.Contains("OK_NAME's default"));
    }

    [Fact]
    public void Owner_values_override_defaults_and_only_declared_valid_values_are_accepted()
    {
        var (environment, problems) = GameDefinitionRules.ResolveEnvironment(Demo, new Dictionary<string, string> { ["DEMO_MOTD"] = "Hello" });
        Assert.Empty(problems);
        Assert.Equal("Hello", environment["DEMO_MOTD"]);
        Assert.Equal("0", environment["DEMO_CPU_PERCENT"]);
        Assert.Equal("/data", environment["DEMO_DATA_DIR"]);

        var (_, refused) = GameDefinitionRules.ResolveEnvironment(Demo, new Dictionary<string, string>
        {
            ["DEMO_CPU_PERCENT"] = "101",
            ["DEMO_MOTD"] = "line\nbreak",
            ["LD_PRELOAD"] = "/evil.so",
        });
        Assert.Equal(3, refused.Count);
    }

    [Fact]
    public void Required_variable_without_a_value_is_refused()
    {
        var valheim = CatalogSeed.Games.Single(g => g.Id == "valheim");

        var (_, problems) = GameDefinitionRules.ResolveEnvironment(valheim, new Dictionary<string, string>());

        Assert.Contains(problems, p => p.StartsWith("SERVER_PASS is required"));
    }
}
