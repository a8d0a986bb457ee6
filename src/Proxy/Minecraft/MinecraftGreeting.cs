namespace Gsp.Proxy.Minecraft;

/// <summary>
/// How a connection to a sleeping Minecraft server went: answered by the proxy (status or legacy ping),
/// refused as not Minecraft, or a login whose bytes so far (<see cref="Held"/>) go to the game once it is up.
/// </summary>
internal sealed record MinecraftGreeting(MinecraftIntent Intent, byte[] Held)
{
    public bool IsLogin => Intent == MinecraftIntent.Login;
}
