namespace Gsp.Proxy.Valve;

/// <summary>The A2S_INFO fields the proxy reads from a game and writes while it sleeps.</summary>
internal sealed record A2sInfo(string Name, string Map, string Folder, string Game, int Players, int MaxPlayers, string Version);
