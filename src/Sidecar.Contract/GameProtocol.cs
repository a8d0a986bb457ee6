namespace Gsp.Sidecar;

/// <summary>
/// The game protocol the sidecar speaks on the game's behalf (<c>GSP_PROXY_GAME_PROTOCOL</c>, named by
/// <see cref="GameProtocols.Name"/>): it counts the running game's players with it, and answers server-list queries
/// itself while the game sleeps. A catalog entry names its game's protocol. The numbers are those the grains have
/// always stored.
/// </summary>
public enum GameProtocol
{
    /// <summary>Plain bytes: no player query; only the proxy's connection counts say whether someone plays, and any
    /// traffic wakes the game.</summary>
    None,

    /// <summary>Minecraft Java Server List Ping on the game's TCP port; status pings never wake, logins do.</summary>
    MinecraftJava,

    /// <summary>Valve A2S_INFO on the UDP query port (game port + 1); queries never wake, other datagrams do.</summary>
    ValveA2S,

    /// <summary>Satisfactory's lightweight UDP query on the game port. It reports the server's state but no
    /// player count, so the platform keeps relying on connection counts; the game itself is plain bytes.</summary>
    Satisfactory,
}
