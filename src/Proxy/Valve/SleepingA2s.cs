using System.Net;
using Gsp.Proxy.Players;
using Gsp.Proxy.Udp;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Valve;

/// <summary>
/// Answers A2S_INFO for a sleeping game the way the game would, challenge first, so server browsers list it
/// (zero players, last known max and version) without waking it. Challenges are derived from the client's
/// address and a per-process secret, so no state is kept per querying client.
/// </summary>
internal sealed class SleepingA2s(PlayerCensus census, WakeCoordinator wake) : ISleepingUdp
{
    public const string AsleepSuffix = " (asleep, join to wake)";
    public const string StartingSuffix = " (starting)";

    /// <summary>Shown while the platform's refusal to wake the game holds (no credits, a failed server, …).</summary>
    public const string RefusedSuffix = " (cannot start now)";

    /// <summary>Name shown when the game never reported one to this proxy.</summary>
    private const string UnknownName = "GSP server";

    // Random.Shared rather than a CSPRNG: the challenge only deters address spoofing, as in the games themselves.
    private readonly int secret = Random.Shared.Next();

    /// <summary>The reply to <paramref name="datagram"/>, or null when it is not an A2S query (info, players or rules).
    /// Players and rules are answered with empty lists: nobody plays on a sleeping server.</summary>
    public byte[]? TryAnswer(ReadOnlySpan<byte> datagram, IPEndPoint client)
    {
        var expected = ChallengeFor(client.Address);
        if (A2sWire.IsListRequest(datagram, out var header, out var listChallenge))
        {
            return listChallenge == expected ? A2sWire.EmptyListReply(header) : A2sWire.ChallengeReply(expected);
        }

        if (!A2sWire.IsInfoRequest(datagram, out var challenge))
        {
            return null;
        }

        if (challenge != expected)
        {
            return A2sWire.ChallengeReply(expected);
        }

        var known = census.LastKnown;
        var name = (census.LastServerName ?? UnknownName) + (wake.IsWaking ? StartingSuffix : wake.RefusalReason is not null ? RefusedSuffix : AsleepSuffix);
        return A2sWire.InfoReply(new A2sInfo(name, "", "", "", 0, known.MaxPlayers ?? 0, known.Version ?? ""));
    }

    public bool IsQuery(ReadOnlySpan<byte> datagram) =>
        A2sWire.IsInfoRequest(datagram, out _) || A2sWire.IsListRequest(datagram, out _, out _);

    public byte[]? Answer(ReadOnlySpan<byte> datagram, IPEndPoint client) => TryAnswer(datagram, client);

    private int ChallengeFor(IPAddress address)
    {
        var challenge = HashCode.Combine(secret, address);
        return challenge == A2sWire.NoChallenge ? 0 : challenge;
    }
}
