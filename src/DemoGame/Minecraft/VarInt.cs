namespace Gsp.DemoGame.Minecraft;

/// <summary>The protocol's LEB128-style 32-bit integer: 7 bits per byte, high bit means "more follows".</summary>
public static class VarInt
{
    /// <summary>A 32-bit value never needs more than five bytes; a sixth means garbage, not a bigger number.</summary>
    public const int MaxBytes = 5;

    public static ReadStatus TryRead(ReadOnlySpan<byte> source, out int value, out int bytesRead)
    {
        value = 0;
        bytesRead = 0;
        uint result = 0;
        for (var i = 0; i < MaxBytes; i++)
        {
            if (i >= source.Length)
            {
                return ReadStatus.Incomplete;
            }

            var b = source[i];
            result |= (uint)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (int)result;
                bytesRead = i + 1;
                return ReadStatus.Complete;
            }
        }

        return ReadStatus.Invalid;
    }

    public static int Write(Span<byte> destination, int value)
    {
        var remaining = (uint)value;
        var i = 0;
        while (remaining >= 0x80)
        {
            destination[i++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[i++] = (byte)remaining;
        return i;
    }

    public static int SizeOf(int value)
    {
        Span<byte> scratch = stackalloc byte[MaxBytes];
        return Write(scratch, value);
    }
}
