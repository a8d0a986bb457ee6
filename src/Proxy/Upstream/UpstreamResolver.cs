using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Upstream;

/// <summary>
/// Resolves the game's address on every attempt: Docker's DNS drops a stopped container's name and may
/// give a restarted one a new IP, so a cached address would be wrong exactly when waking matters.
/// </summary>
internal sealed class UpstreamResolver(string host)
{
    /// <summary>Bounds one TCP connect; a live container refuses or accepts within microseconds on a bridge network.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public async Task<IPAddress[]> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    /// <summary>A connected TCP socket to the game, or null when it is not accepting (yet).</summary>
    public async Task<Socket?> TryConnectTcpAsync(int port, CancellationToken cancellationToken)
    {
        foreach (var address in await ResolveAsync(cancellationToken))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(address, port, timeout.Token);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return null;
    }
}
