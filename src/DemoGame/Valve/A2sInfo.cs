using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gsp.DemoGame.Valve;

/// <summary>The A2S_INFO reply fields this demo fills in (the Source engine "0x49" layout).</summary>
public sealed record A2sInfo(string Name, string Map, string Folder, string Game, int Players, int MaxPlayers, string Version)
{
    public const byte Header = 0x49;

    /// <summary>The Source query protocol version every current server reports.</summary>
    public const byte ProtocolVersion = 17;

    private const byte ServerTypeDedicated = (byte)'d';
    private const byte EnvironmentLinux = (byte)'l';

    public byte[] ToDatagram()
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write<byte>([0xFF, 0xFF, 0xFF, 0xFF, Header, ProtocolVersion]);
        WriteString(writer, Name);
        WriteString(writer, Map);
        WriteString(writer, Folder);
        WriteString(writer, Game);
        Span<byte> appId = stackalloc byte[2];
        BinaryPrimitives.WriteInt16LittleEndian(appId, 0);
        writer.Write(appId);
        // Counts are single bytes on the wire; clamp rather than wrap so 300 players never reads as 44.
        writer.Write<byte>([ClampToByte(Players), ClampToByte(MaxPlayers), 0, ServerTypeDedicated, EnvironmentLinux, 0, 0]);
        WriteString(writer, Version);
        return writer.WrittenSpan.ToArray();
    }

    private static byte ClampToByte(int value) => (byte)Math.Clamp(value, 0, byte.MaxValue);

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        // A NUL inside a field would end it early and shift every field after it.
        writer.Write(Encoding.UTF8.GetBytes(value.Replace('\0', ' ')));
        writer.Write<byte>([0]);
    }
}
