using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Gsp.Proxy.Minecraft;

/// <summary>
/// The few pieces of the Minecraft Java wire format the proxy needs: VarInts, length-prefixed strings and
/// uncompressed frames (<c>VarInt length, VarInt packet id, body</c>). Every read is bounds-checked and reports
/// "need more" or "invalid" instead of throwing, because the bytes come from whoever connected.
/// </summary>
internal static class MinecraftWire
{
    /// <summary>A 32-bit VarInt never needs more than five bytes.</summary>
    public const int MaxVarIntBytes = 5;

    /// <summary>Reads a VarInt: its byte count, 0 when more bytes are needed, -1 when it can never be valid.</summary>
    public static int TryReadVarInt(ReadOnlySpan<byte> source, out int value)
    {
        value = 0;
        uint result = 0;
        for (var i = 0; i < MaxVarIntBytes; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            result |= (uint)(source[i] & 0x7F) << (7 * i);
            if ((source[i] & 0x80) == 0)
            {
                value = (int)result;
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Reads a string of at most <paramref name="maxBytes"/> UTF-8 bytes; its byte count, or 0/-1 as above.</summary>
    public static int TryReadString(ReadOnlySpan<byte> source, int maxBytes, out string value)
    {
        value = "";
        var prefix = TryReadVarInt(source, out var length);
        if (prefix <= 0)
        {
            return prefix;
        }

        if (length < 0 || length > maxBytes)
        {
            return -1;
        }

        if (source.Length < prefix + length)
        {
            return 0;
        }

        value = Encoding.UTF8.GetString(source.Slice(prefix, length));
        return prefix + length;
    }

    public static void WriteVarInt(IBufferWriter<byte> writer, int value)
    {
        var span = writer.GetSpan(MaxVarIntBytes);
        var remaining = (uint)value;
        var i = 0;
        while (remaining >= 0x80)
        {
            span[i++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        span[i++] = (byte)remaining;
        writer.Advance(i);
    }

    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarInt(writer, bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>One frame: length prefix, packet id, then whatever <paramref name="body"/> writes.</summary>
    public static byte[] Frame(int packetId, Action<ArrayBufferWriter<byte>>? body = null)
    {
        var payload = new ArrayBufferWriter<byte>();
        WriteVarInt(payload, packetId);
        body?.Invoke(payload);
        var frame = new ArrayBufferWriter<byte>(payload.WrittenCount + MaxVarIntBytes);
        WriteVarInt(frame, payload.WrittenCount);
        frame.Write(payload.WrittenSpan);
        return frame.WrittenSpan.ToArray();
    }

    /// <summary>The handshake a status query opens with (next state 1), followed by the status request.</summary>
    public static byte[] StatusRequest(int protocolVersion, string host, ushort port) =>
    [
        .. Frame(0x00, w =>
        {
            WriteVarInt(w, protocolVersion);
            WriteString(w, host);
            BinaryPrimitives.WriteUInt16BigEndian(w.GetSpan(2), port);
            w.Advance(2);
            WriteVarInt(w, 1);
        }),
        .. Frame(0x00),
    ];

    /// <summary>A plain-text chat component (<c>{"text":"…"}</c>), the form login Disconnect and MOTDs carry.</summary>
    public static string TextComponent(string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
