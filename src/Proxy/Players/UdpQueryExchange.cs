using System.Net.Sockets;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Players;

/// <summary>
/// The part every UDP player query shares: resolve the game, open a socket connected to its query port, run
/// the protocol's exchange within a two-second budget, and read any network failure or silence as "no reading".
/// </summary>
internal static class UdpQueryExchange
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static async Task<PlayerReading?> RunAsync(
        UpstreamResolver upstream,
        int port,
        Func<Socket, CancellationToken, Task<PlayerReading?>> exchange,
        CancellationToken cancellationToken)
    {
        var addresses = await upstream.ResolveAsync(cancellationToken);
        if (addresses.Length == 0)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Budget);
        using var socket = new Socket(addresses[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(addresses[0], port);
            return await exchange(socket, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }
}
