namespace Gsp.Proxy.Minecraft;

/// <summary>
/// How a connection to a sleeping Minecraft server went: answered by the proxy (status or legacy ping),
/// not Minecraft (never a wake), or a login. <see cref="Held"/> is what the client sent so far, for the game:
/// a login's handshake, or a non-Minecraft client's bytes in case the game turns out to be up after all.
/// </summary>
internal sealed record MinecraftGreeting(MinecraftIntent Intent, byte[] Held)
{
    public bool IsLogin => Intent == MinecraftIntent.Login;
}
