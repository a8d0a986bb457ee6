using System.Net;
using System.Net.Sockets;

namespace Gsp.Tests.Infrastructure;

/// <summary>Loopback ports nobody listens on, for processes a test starts.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
