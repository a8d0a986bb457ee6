using System.Net;

namespace Gsp.Proxy.Udp;

/// <summary>
/// What a game's protocol says about datagrams that find the game down: which ones are server-list queries that
/// must never wake it, and the proxy's own answer to them (null: drop it, the client's query times out).
/// </summary>
internal interface ISleepingUdp
{
    bool IsQuery(ReadOnlySpan<byte> datagram);

    byte[]? Answer(ReadOnlySpan<byte> datagram, IPEndPoint client);
}
