namespace Gsp.Proxy.Configuration;

/// <summary>
/// One proxied port. In production <see cref="ListenPort"/> equals <see cref="UpstreamPort"/>
/// (the game keeps its well-known port); they are separate so tests can listen on an ephemeral
/// port (0) on the same loopback address the fake game uses.
/// </summary>
public readonly record struct PortMapping(int ListenPort, int UpstreamPort, PortProtocol Protocol)
{
    public bool HasTcp => Protocol.HasTcp();

    public bool HasUdp => Protocol.HasUdp();
}
