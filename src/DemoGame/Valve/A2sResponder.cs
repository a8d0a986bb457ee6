using System.Buffers.Binary;
using System.Net;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame.Valve;

/// <summary>
/// Answers A2S_INFO the way current Source servers do: a request without the right challenge gets an
/// S2C_CHALLENGE (0x41) reply, so a spoofed source address cannot be used to amplify traffic.
/// </summary>
public sealed class A2sResponder(DemoOptions options, PlayerRegistry players)
{
    public const byte ChallengeHeader = 0x41;

    // Challenges are derived from the sender's address with a per-process secret instead of stored, so
    // the server keeps no state per querying client and a restart simply invalidates old challenges.
    // Random.Shared rather than a CSPRNG: the secret only deters spoofing in a demo, and the cryptography
    // stack would pull OpenSSL into the scratch image.
    private readonly int _secret = Random.Shared.Next();

    /// <summary>The reply to send, or null when the datagram is not an A2S_INFO request (echo it instead).</summary>
    public byte[]? TryAnswer(ReadOnlySpan<byte> datagram, IPAddress sender)
    {
        if (!A2sInfoRequest.TryParse(datagram, out var challenge))
        {
            return null;
        }

        var expected = ChallengeFor(sender);
        if (challenge != expected)
        {
            var reply = new byte[9];
            BinaryPrimitives.WriteInt32LittleEndian(reply, -1);
            reply[4] = ChallengeHeader;
            BinaryPrimitives.WriteInt32LittleEndian(reply.AsSpan(5), expected);
            return reply;
        }

        return new A2sInfo(options.Motd, "demo", "demo", "GSP Demo", players.Online, options.MaxPlayers, options.VersionName)
            .ToDatagram();
    }

    private int ChallengeFor(IPAddress sender)
    {
        var challenge = HashCode.Combine(_secret, sender);
        // -1 means "no challenge" on the wire, so it must never be handed out as one.
        return challenge == A2sInfoRequest.NoChallenge ? 0 : challenge;
    }
}
