using Gsp.Containers;

namespace Gsp.Catalog;

/// <summary>The games a new installation offers. Prices follow the first design: 0.5 credits per hour.</summary>
public static class CatalogSeed
{
    private const decimal SeedPricePerHour = 0.5m;

    /// <summary>The image the repository builds for its demo game (<c>deploy/docker/demo-game</c>).</summary>
    public const string DemoImage = "gsp/demo-game:dev";

    public static IReadOnlyList<GameDefinition> Games { get; } =
    [
        new()
        {
            Id = "minecraft-java",
            DisplayName = "Minecraft Java",
            Image = "itzg/minecraft-server:latest",
            Ports = [new GamePort(25565, PortProtocol.Tcp, "game")],
            MemoryMb = 2048,
            Cpus = 1,
            PricePerHour = SeedPricePerHour,
            Environment = new Dictionary<string, string> { ["EULA"] = "TRUE", ["TYPE"] = "VANILLA", ["MEMORY"] = "1536M" },
            DataPath = "/data",
            Variables =
            [
                new GameVariable("VERSION", "Minecraft version, e.g. 1.21.1, or LATEST", "LATEST", "[A-Za-z0-9._-]{1,32}"),
                new GameVariable("MOTD", "message shown in the server list (up to 59 characters)", "A GSP server", "[^\"\\\\]{1,59}"),
                new GameVariable("MAX_PLAYERS", "how many players may join at once (1–200)", "20", "[1-9][0-9]?|1[0-9]{2}|200"),
                new GameVariable("DIFFICULTY", "peaceful, easy, normal or hard", "normal", "peaceful|easy|normal|hard"),
            ],
            QueryProtocol = GameProtocol.MinecraftJava,
        },
        new()
        {
            Id = "valheim",
            DisplayName = "Valheim",
            Image = "lloesche/valheim-server:latest",
            Ports = [new GamePort(2456, PortProtocol.Udp, "game"), new GamePort(2457, PortProtocol.Udp, "query")],
            MemoryMb = 4096,
            Cpus = 2,
            PricePerHour = SeedPricePerHour,
            DataPath = "/config",
            Variables =
            [
                new GameVariable("SERVER_NAME", "name shown in the server browser", "GSP Valheim", "[A-Za-z0-9 ._-]{1,40}"),
                new GameVariable("WORLD_NAME", "the world's file name", "Dedicated", "[A-Za-z0-9_-]{1,32}"),
                new GameVariable("SERVER_PASS", "join password, at least 5 characters", "", "[^\\s\"]{5,32}", Required: true),
                new GameVariable("SERVER_PUBLIC", "list in the public server browser: true or false", "false", "true|false"),
            ],
            QueryProtocol = GameProtocol.ValveA2S,
        },
        new()
        {
            Id = "satisfactory",
            DisplayName = "Satisfactory",
            Image = "wolveix/satisfactory-server:latest",
            Ports = [new GamePort(7777, PortProtocol.Both, "game")],
            MemoryMb = 8192,
            Cpus = 4,
            PricePerHour = SeedPricePerHour,
            DataPath = "/config",
            Variables =
            [
                new GameVariable("MAXPLAYERS", "how many players may join at once (1–16)", "4", "[1-9]|1[0-6]"),
            ],
            QueryProtocol = GameProtocol.Satisfactory,
        },
        new()
        {
            Id = "demo",
            DisplayName = "Demo game",
            Image = DemoImage,
            Ports = [new GamePort(25565, PortProtocol.Both, "game")],
            MemoryMb = 64,
            Cpus = 0.25m,
            PricePerHour = SeedPricePerHour,
            Environment = new Dictionary<string, string> { ["DEMO_PORTS"] = "25565/both", ["DEMO_DATA_DIR"] = "/data" },
            DataPath = "/data",
            Variables =
            [
                new GameVariable("DEMO_MOTD", "message shown in the server list", "A GSP demo server", "[^\"\\\\]{1,59}"),
                new GameVariable("DEMO_STARTUP_DELAY_SECONDS", "seconds the game takes to start (0–120)", "0", "[0-9]|[1-9][0-9]|1[01][0-9]|120"),
                new GameVariable("DEMO_CPU_PERCENT", "share of one core the game burns (0–100)", "0", "[0-9]|[1-9][0-9]|100"),
            ],
            QueryProtocol = GameProtocol.MinecraftJava,
        },
    ];
}
