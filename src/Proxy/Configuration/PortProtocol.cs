namespace Gsp.Proxy.Configuration;

/// <summary>Which transports a proxied port carries; <see cref="Both"/> is the union of the two flags.</summary>
[Flags]
public enum PortProtocol
{
    Tcp = 1,
    Udp = 2,
    Both = Tcp | Udp,
}
