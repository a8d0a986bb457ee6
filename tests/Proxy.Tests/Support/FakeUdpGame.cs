using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Tests.Support;

/// <summary>A UDP echo "game" on 127.0.0.1 that remembers which peers it heard from.</summary>
public sealed class FakeUdpGame : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stop = new();

    /// <param name="port">0 for an ephemeral port.</param>
    public FakeUdpGame(int port = 0)
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _ = Task.Run(EchoLoopAsync);
    }

    public int Port { get; }

    public ConcurrentDictionary<IPEndPoint, int> Peers { get; } = new();

    /// <summary>A port nobody listens on right now (bound, then released), for a game that is down.</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
    }

    private async Task EchoLoopAsync()
    {
        var buffer = new byte[65_535];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
                var peer = (IPEndPoint)received.RemoteEndPoint;
                Peers.AddOrUpdate(peer, 1, (_, n) => n + 1);
                await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, peer, stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
            }
        }
    }
}
