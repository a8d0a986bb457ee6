using System.Net;
using Gsp.DemoGame.Configuration;

namespace Gsp.DemoGame.Net;

/// <summary>Where a listener actually bound, which differs from the configured port when that was 0.</summary>
public sealed record ListenerEndpoint(TransportProtocol Protocol, IPEndPoint EndPoint)
{
    public override string ToString() => $"{EndPoint}/{(Protocol == TransportProtocol.Tcp ? "tcp" : "udp")}";
}
