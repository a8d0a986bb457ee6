namespace Gsp.Proxy.Minecraft;

/// <summary>What a client's first bytes say it wants.</summary>
internal enum MinecraftIntent
{
    /// <summary>More bytes are needed to tell.</summary>
    Incomplete,

    /// <summary>A server-list ping (next state 1): answered by the proxy while the game sleeps.</summary>
    Status,

    /// <summary>A login (next state 2) or a 1.20.5+ transfer (3): the only thing that wakes the game.</summary>
    Login,

    /// <summary>A pre-1.7 server-list ping (first byte 0xFE): answered, never a wake.</summary>
    LegacyPing,

    /// <summary>Not Minecraft, or a handshake out of bounds: closed without a wake.</summary>
    Invalid,
}

/// <summary>Parses the handshake, the first packet of every modern Minecraft connection.</summary>
internal static class MinecraftHandshake
{
    public const int LegacyPingByte = 0xFE;

    /// <summary>Clients send at most 255 characters of host name (Forge appends a marker, still far below this).</summary>
    private const int MaxAddressBytes = 255 * 3 + 64;

    /// <summary>id + protocol + longest address + port + next state.</summary>
    public const int MaxFrameBytes = MinecraftWire.MaxVarIntBytes + 1 + MinecraftWire.MaxVarIntBytes + MaxAddressBytes + MinecraftWire.MaxVarIntBytes + 2 + 1;

    /// <param name="consumed">The handshake frame's length when the intent is Status or Login.</param>
    public static MinecraftIntent Classify(ReadOnlySpan<byte> received, out int protocolVersion, out int consumed)
    {
        protocolVersion = 0;
        consumed = 0;
        if (received.IsEmpty)
        {
            return MinecraftIntent.Incomplete;
        }

        if (received[0] == LegacyPingByte)
        {
            return MinecraftIntent.LegacyPing;
        }

        var prefix = MinecraftWire.TryReadVarInt(received, out var length);
        if (prefix == 0)
        {
            return MinecraftIntent.Incomplete;
        }

        if (prefix < 0 || length is < 6 or > MaxFrameBytes || (received.Length > prefix && received[prefix] != 0x00))
        {
            return MinecraftIntent.Invalid;
        }

        if (received.Length < prefix + length)
        {
            return MinecraftIntent.Incomplete;
        }

        var body = received.Slice(prefix + 1, length - 1);
        var used = MinecraftWire.TryReadVarInt(body, out protocolVersion);
        if (used <= 0)
        {
            return MinecraftIntent.Invalid;
        }

        body = body[used..];
        used = MinecraftWire.TryReadString(body, MaxAddressBytes, out _);
        if (used <= 0 || body.Length < used + 2)
        {
            return MinecraftIntent.Invalid;
        }

        body = body[(used + 2)..];
        used = MinecraftWire.TryReadVarInt(body, out var nextState);
        if (used <= 0 || used != body.Length)
        {
            return MinecraftIntent.Invalid;
        }

        consumed = prefix + length;
        return nextState switch
        {
            1 => MinecraftIntent.Status,
            2 or 3 => MinecraftIntent.Login,
            _ => MinecraftIntent.Invalid,
        };
    }
}
