using System.Net;
using Gsp.Proxy.Udp;

namespace Gsp.Proxy.Minecraft;

/// <summary>
/// UDP on a Minecraft Java port: players join over TCP, so a datagram here is a query (the GameSpy4 query of
/// <c>enable-query</c>, a Bedrock ping from a tool such as gamedig). None may wake the game; while it sleeps they
/// are dropped and the query times out, as it would against a server with queries off.
/// </summary>
internal sealed class SleepingMinecraftUdp : ISleepingUdp
{
    public bool IsQuery(ReadOnlySpan<byte> datagram) => true;

    public byte[]? Answer(ReadOnlySpan<byte> datagram, IPEndPoint client) => null;
}
