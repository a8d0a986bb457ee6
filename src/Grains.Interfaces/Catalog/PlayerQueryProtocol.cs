namespace Gsp.Catalog;

/// <summary>How players are counted for a game, and which protocol the sidecar may answer while asleep.</summary>
[GenerateSerializer]
public enum PlayerQueryProtocol
{
    /// <summary>No query: only the proxy's connection counts say whether someone plays.</summary>
    None,

    /// <summary>Minecraft Java Server List Ping over TCP.</summary>
    MinecraftJava,

    /// <summary>Valve A2S_INFO over UDP on the game port + 1.</summary>
    ValveA2S,

    /// <summary>Satisfactory's lightweight server query over UDP.</summary>
    Satisfactory,
}
