namespace Gsp.Containers;

/// <summary>The transport a port carries. <see cref="Both"/> is one port number on TCP and UDP (Satisfactory).</summary>
[GenerateSerializer]
public enum PortProtocol
{
    Tcp,
    Udp,
    Both,
}
