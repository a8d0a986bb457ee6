using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gsp.DemoGame.Minecraft;

/// <summary>Builds one uncompressed packet: the length prefix is added by <see cref="ToFrame"/>.</summary>
public sealed class PacketWriter
{
    private readonly ArrayBufferWriter<byte> _body = new();

    public PacketWriter(int packetId) => WriteVarInt(packetId);

    public PacketWriter WriteVarInt(int value)
    {
        _body.Advance(VarInt.Write(_body.GetSpan(VarInt.MaxBytes), value));
        return this;
    }

    public PacketWriter WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarInt(bytes.Length);
        _body.Write(bytes);
        return this;
    }

    public PacketWriter WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_body.GetSpan(2), value);
        _body.Advance(2);
        return this;
    }

    public PacketWriter WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(_body.GetSpan(8), value);
        _body.Advance(8);
        return this;
    }

    public PacketWriter WriteBool(bool value)
    {
        _body.Write([value ? (byte)1 : (byte)0]);
        return this;
    }

    public PacketWriter WriteGuid(Guid value)
    {
        value.TryWriteBytes(_body.GetSpan(16), bigEndian: true, out _);
        _body.Advance(16);
        return this;
    }

    public byte[] ToFrame()
    {
        var frame = new byte[VarInt.SizeOf(_body.WrittenCount) + _body.WrittenCount];
        var prefix = VarInt.Write(frame, _body.WrittenCount);
        _body.WrittenSpan.CopyTo(frame.AsSpan(prefix));
        return frame;
    }
}
