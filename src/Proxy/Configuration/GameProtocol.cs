namespace Gsp.Proxy.Configuration;

/// <summary>
/// Which game protocol the proxy speaks on the game's behalf (<c>GSP_PROXY_GAME_PROTOCOL</c>): it queries the
/// running game's player count with it, and answers server-list queries itself while the game sleeps.
/// </summary>
public enum GameProtocol
{
    /// <summary>Plain bytes: no player query; any traffic wakes the game.</summary>
    None,

    /// <summary>Minecraft Java Server List Ping on the game's TCP port; status pings never wake, logins do.</summary>
    MinecraftJava,

    /// <summary>Valve A2S_INFO on the UDP query port (game port + 1); queries never wake, other datagrams do.</summary>
    ValveA2S,

    /// <summary>Satisfactory's lightweight UDP query on the game port. It reports the server's state but no
    /// player count, so the platform keeps relying on connection counts; the game itself is plain bytes.</summary>
    Satisfactory,
}
