namespace Gsp.Sidecar;

/// <summary>
/// The transport a port carries. <see cref="Both"/> is one port number on TCP and UDP (Satisfactory). The numbers
/// are those the grains have always stored (0/1/2), so persisted server state reads back unchanged; use
/// <see cref="PortProtocols.HasTcp"/> and <see cref="PortProtocols.HasUdp"/> rather than bit tests.
/// In <c>GSP_PROXY_PORTS</c> they are written <c>tcp</c>, <c>udp</c> and <c>both</c>.
/// </summary>
public enum PortProtocol
{
    Tcp,
    Udp,
    Both,
}
