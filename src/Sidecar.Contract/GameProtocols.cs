namespace Gsp.Sidecar;

/// <summary>The names of <see cref="GameProtocol"/> in <c>GSP_PROXY_GAME_PROTOCOL</c> and in <c>/activity</c>.</summary>
public static class GameProtocols
{
    public static string Name(this GameProtocol protocol) => protocol switch
    {
        GameProtocol.None => "none",
        GameProtocol.MinecraftJava => "minecraft-java",
        GameProtocol.ValveA2S => "valve-a2s",
        GameProtocol.Satisfactory => "satisfactory",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    /// <summary>Every protocol, for messages that list the accepted names.</summary>
    public static IReadOnlyList<GameProtocol> All { get; } = [GameProtocol.None, GameProtocol.MinecraftJava, GameProtocol.ValveA2S, GameProtocol.Satisfactory];

    /// <summary>Reads a name; empty or missing means <see cref="GameProtocol.None"/>.</summary>
    public static bool TryParse(string? name, out GameProtocol protocol)
    {
        var trimmed = name?.Trim().ToLowerInvariant();
        protocol = GameProtocol.None;
        if (string.IsNullOrEmpty(trimmed))
        {
            return true;
        }

        foreach (var candidate in All)
        {
            if (candidate.Name() == trimmed)
            {
                protocol = candidate;
                return true;
            }
        }

        return false;
    }
}
