using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gsp.Proxy.Valve;

/// <summary>
/// Valve's A2S_INFO in the Source layout: the request (<c>FF FF FF FF 54 "Source Engine Query\0"</c>, plus
/// the 4-byte challenge since Valve's 2020 anti-amplification change), the S2C_CHALLENGE reply (0x41) and the
/// info reply (0x49).
/// </summary>
internal static class A2sWire
{
    public const byte InfoHeader = 0x49;
    public const byte ChallengeHeader = 0x41;
    public const byte PlayersRequestHeader = 0x55;
    public const byte PlayersHeader = 0x44;
    public const byte RulesRequestHeader = 0x56;
    public const byte RulesHeader = 0x45;

    /// <summary>Sent in place of a challenge by a client that has none yet.</summary>
    public const int NoChallenge = -1;

    /// <summary>The Source query protocol version every current server reports.</summary>
    private const byte QueryProtocolVersion = 17;

    private static readonly byte[] RequestPrefix = [0xFF, 0xFF, 0xFF, 0xFF, 0x54, .. "Source Engine Query\0"u8];

    public static bool IsInfoRequest(ReadOnlySpan<byte> datagram, out int challenge)
    {
        challenge = NoChallenge;
        if (!datagram.StartsWith(RequestPrefix))
        {
            return false;
        }

        var rest = datagram[RequestPrefix.Length..];
        if (rest.Length == 4)
        {
            challenge = BinaryPrimitives.ReadInt32LittleEndian(rest);
            return true;
        }

        return rest.IsEmpty;
    }

    /// <summary>
    /// A2S_PLAYER (<c>FF FF FF FF 55</c>) or A2S_RULES (<c>FF FF FF FF 56</c>) with its 4-byte challenge, -1 for none:
    /// server browsers and tools such as gamedig ask for them right after A2S_INFO.
    /// </summary>
    public static bool IsListRequest(ReadOnlySpan<byte> datagram, out byte header, out int challenge)
    {
        header = 0;
        challenge = NoChallenge;
        if (datagram.Length != 9 || BinaryPrimitives.ReadInt32LittleEndian(datagram) != -1
            || datagram[4] is not (PlayersRequestHeader or RulesRequestHeader))
        {
            return false;
        }

        header = datagram[4];
        challenge = BinaryPrimitives.ReadInt32LittleEndian(datagram[5..]);
        return true;
    }

    /// <summary>An empty player list (0x44, count 0) or an empty rule list (0x45, count 0 as a 16-bit number).</summary>
    public static byte[] EmptyListReply(byte requestHeader) => requestHeader == PlayersRequestHeader
        ? [0xFF, 0xFF, 0xFF, 0xFF, PlayersHeader, 0]
        : [0xFF, 0xFF, 0xFF, 0xFF, RulesHeader, 0, 0];

    public static byte[] InfoRequest(int challenge)
    {
        var request = new byte[RequestPrefix.Length + (challenge == NoChallenge ? 0 : 4)];
        RequestPrefix.CopyTo(request, 0);
        if (challenge != NoChallenge)
        {
            BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(RequestPrefix.Length), challenge);
        }

        return request;
    }

    public static byte[] ChallengeReply(int challenge)
    {
        var reply = new byte[9];
        BinaryPrimitives.WriteInt32LittleEndian(reply, -1);
        reply[4] = ChallengeHeader;
        BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(5), challenge);
        return reply;
    }

    public static bool TryReadChallenge(ReadOnlySpan<byte> reply, out int challenge)
    {
        challenge = 0;
        if (reply.Length != 9 || BinaryPrimitives.ReadInt32LittleEndian(reply) != -1 || reply[4] != ChallengeHeader)
        {
            return false;
        }

        challenge = BinaryPrimitives.ReadInt32LittleEndian(reply[5..]);
        return true;
    }

    public static byte[] InfoReply(A2sInfo info)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write<byte>([0xFF, 0xFF, 0xFF, 0xFF, InfoHeader, QueryProtocolVersion]);
        WriteString(writer, info.Name);
        WriteString(writer, info.Map);
        WriteString(writer, info.Folder);
        WriteString(writer, info.Game);
        writer.Write<byte>([0, 0]); // app id
        writer.Write<byte>([(byte)Math.Clamp(info.Players, 0, 255), (byte)Math.Clamp(info.MaxPlayers, 0, 255), 0, (byte)'d', (byte)'l', 0, 0]);
        WriteString(writer, info.Version);
        return writer.WrittenSpan.ToArray();
    }

    public static bool TryReadInfo(ReadOnlySpan<byte> reply, out A2sInfo info)
    {
        info = default!;
        if (reply.Length < 6 || BinaryPrimitives.ReadInt32LittleEndian(reply) != -1 || reply[4] != InfoHeader)
        {
            return false;
        }

        var rest = reply[6..];
        if (!TryReadString(ref rest, out var name) || !TryReadString(ref rest, out var map)
            || !TryReadString(ref rest, out var folder) || !TryReadString(ref rest, out var game) || rest.Length < 9)
        {
            return false;
        }

        int players = rest[2], max = rest[3];
        rest = rest[9..];
        if (!TryReadString(ref rest, out var version))
        {
            version = "";
        }

        info = new A2sInfo(name, map, folder, game, players, max, version);
        return true;
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        // A NUL inside a field would end it early and shift every field after it.
        writer.Write(Encoding.UTF8.GetBytes(value.Replace('\0', ' ')));
        writer.Write<byte>([(byte)0]);
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> source, out string value)
    {
        value = "";
        var end = source.IndexOf((byte)0);
        if (end < 0)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(source[..end]);
        source = source[(end + 1)..];
        return true;
    }
}
