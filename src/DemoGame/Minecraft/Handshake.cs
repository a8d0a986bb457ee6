namespace Gsp.DemoGame.Minecraft;

/// <summary>The first packet of every Minecraft Java connection; <see cref="NextState"/> picks status or login.</summary>
public sealed record Handshake(int ProtocolVersion, string ServerAddress, ushort ServerPort, int NextState)
{
    public const int StatusState = 1;
    public const int LoginState = 2;

    /// <summary>The packet id of the handshake (and of status request, login start and login disconnect).</summary>
    public const int PacketId = 0x00;

    /// <summary>Clients send at most 255 characters of host name.</summary>
    public const int MaxAddressChars = 255;

    /// <summary>id + protocol + empty address + port + next state: anything shorter is not a handshake.</summary>
    private const int MinBodyLength = 6;

    /// <summary>id + protocol + longest address + port + next state, rounded up.</summary>
    private const int MaxBodyLength = 1024;

    /// <summary>
    /// Decides from the bytes received so far whether the connection speaks Minecraft. It rejects as early
    /// as it can (a length out of range, a packet id other than 0) so an echo client that waits for its
    /// first byte to come back is not kept waiting.
    /// </summary>
    public static ReadStatus TryParse(ReadOnlySpan<byte> received, out Handshake? handshake, out int consumed)
    {
        handshake = null;
        consumed = 0;
        var status = VarInt.TryRead(received, out var length, out var prefix);
        if (status != ReadStatus.Complete)
        {
            return status;
        }

        if (length is < MinBodyLength or > MaxBodyLength)
        {
            return ReadStatus.Invalid;
        }

        if (received.Length > prefix && received[prefix] != PacketId)
        {
            return ReadStatus.Invalid;
        }

        if (received.Length < prefix + length)
        {
            return ReadStatus.Incomplete;
        }

        var reader = new PacketReader(received.Slice(prefix, length));
        if (!reader.TryReadVarInt(out var id) || id != PacketId
            || !reader.TryReadVarInt(out var protocol)
            || !reader.TryReadString(MaxAddressChars, out var address)
            || !reader.TryReadUInt16(out var port)
            || !reader.TryReadVarInt(out var nextState)
            || nextState is not (StatusState or LoginState)
            || reader.Remaining != 0)
        {
            return ReadStatus.Invalid;
        }

        handshake = new Handshake(protocol, address, port, nextState);
        consumed = prefix + length;
        return ReadStatus.Complete;
    }

    public byte[] ToFrame() => new PacketWriter(PacketId)
        .WriteVarInt(ProtocolVersion).WriteString(ServerAddress).WriteUInt16(ServerPort).WriteVarInt(NextState)
        .ToFrame();
}
