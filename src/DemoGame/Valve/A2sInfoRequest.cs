using System.Buffers.Binary;
using System.Text;

namespace Gsp.DemoGame.Valve;

/// <summary>
/// Recognises A2S_INFO: <c>FF FF FF FF 54 "Source Engine Query\0"</c>, optionally followed by the
/// 4-byte challenge the server handed out (required since Valve's December 2020 anti-amplification change).
/// </summary>
public static class A2sInfoRequest
{
    public const byte Header = 0x54;

    /// <summary>Clients send this in place of a challenge when they have none yet.</summary>
    public const int NoChallenge = -1;

    private static readonly byte[] Prefix =
        [0xFF, 0xFF, 0xFF, 0xFF, Header, .. Encoding.ASCII.GetBytes("Source Engine Query\0")];

    /// <param name="challenge">The challenge sent, or <see cref="NoChallenge"/>.</param>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out int challenge)
    {
        challenge = NoChallenge;
        if (!datagram.StartsWith(Prefix))
        {
            return false;
        }

        var rest = datagram[Prefix.Length..];
        if (rest.Length == 4)
        {
            challenge = BinaryPrimitives.ReadInt32LittleEndian(rest);
            return true;
        }

        return rest.IsEmpty;
    }

    public static byte[] Create(int challenge = NoChallenge)
    {
        var request = new byte[Prefix.Length + (challenge == NoChallenge ? 0 : 4)];
        Prefix.CopyTo(request);
        if (challenge != NoChallenge)
        {
            BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(Prefix.Length), challenge);
        }

        return request;
    }
}
