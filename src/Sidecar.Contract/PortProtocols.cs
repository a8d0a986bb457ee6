namespace Gsp.Sidecar;

/// <summary>What a <see cref="PortProtocol"/> carries, and its name in <c>GSP_PROXY_PORTS</c>.</summary>
public static class PortProtocols
{
    public static bool HasTcp(this PortProtocol protocol) => protocol is PortProtocol.Tcp or PortProtocol.Both;

    public static bool HasUdp(this PortProtocol protocol) => protocol is PortProtocol.Udp or PortProtocol.Both;

    /// <summary>True when the two share a transport (the same port number may not be listed twice for it).</summary>
    public static bool Overlaps(this PortProtocol protocol, PortProtocol other) =>
        (protocol.HasTcp() && other.HasTcp()) || (protocol.HasUdp() && other.HasUdp());

    public static string Name(this PortProtocol protocol) => protocol switch
    {
        PortProtocol.Tcp => "tcp",
        PortProtocol.Udp => "udp",
        PortProtocol.Both => "both",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static bool TryParse(string? name, out PortProtocol protocol)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "tcp":
                protocol = PortProtocol.Tcp;
                return true;
            case "udp":
                protocol = PortProtocol.Udp;
                return true;
            case "both":
                protocol = PortProtocol.Both;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
