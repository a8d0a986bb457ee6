using System.Buffers.Binary;
using System.Text;

namespace Gsp.DemoGame.Minecraft;

/// <summary>
/// Reads fields from one complete packet body. Every read is bounds-checked and returns false instead of
/// throwing, because the bytes come from whoever connected.
/// </summary>
public ref struct PacketReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly int Remaining => _body.Length - _position;

    public bool TryReadVarInt(out int value)
    {
        if (VarInt.TryRead(_body[_position..], out value, out var used) != ReadStatus.Complete)
        {
            return false;
        }

        _position += used;
        return true;
    }

    /// <summary>A VarInt byte length then UTF-8; the protocol caps strings in UTF-16 units, hence 3 bytes per unit.</summary>
    public bool TryReadString(int maxChars, out string value)
    {
        value = "";
        if (!TryReadVarInt(out var length) || length < 0 || length > maxChars * 3 || length > Remaining)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(_body.Slice(_position, length));
        _position += length;
        return value.Length <= maxChars;
    }

    public bool TryReadUInt16(out ushort value)
    {
        value = 0;
        if (Remaining < 2)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        value = 0;
        if (Remaining < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt64BigEndian(_body[_position..]);
        _position += 8;
        return true;
    }

    public bool TryReadGuid(out Guid value)
    {
        value = Guid.Empty;
        if (Remaining < 16)
        {
            return false;
        }

        value = new Guid(_body.Slice(_position, 16), bigEndian: true);
        _position += 16;
        return true;
    }
}
