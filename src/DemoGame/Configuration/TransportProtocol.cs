namespace Gsp.DemoGame.Configuration;

/// <summary>The transport a listener serves; <c>both</c> in DEMO_PORTS expands to one binding of each.</summary>
public enum TransportProtocol
{
    Tcp,
    Udp,
}
