using System.Net.Sockets;
using Gsp.Proxy.Players;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Valve;

/// <summary>A2S_INFO against the running game's query port, with the challenge round trip current servers require.</summary>
internal sealed class A2sInfoQuery(UpstreamResolver upstream, int port) : IPlayerQuery
{
    private const int MaxDatagram = 65_535;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken)
    {
        var addresses = await upstream.ResolveAsync(cancellationToken);
        if (addresses.Length == 0)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(addresses[0].AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(addresses[0], port);
            var buffer = new byte[MaxDatagram];
            var challenge = A2sWire.NoChallenge;
            // One challenge round at most: a server that keeps challenging is not answering.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                await socket.SendAsync(A2sWire.InfoRequest(challenge), SocketFlags.None, timeout.Token);
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                var reply = buffer.AsSpan(0, read);
                if (A2sWire.TryReadChallenge(reply, out challenge))
                {
                    continue;
                }

                return A2sWire.TryReadInfo(reply, out var info)
                    ? new PlayerReading(true, info.Players, info.MaxPlayers, info.Version, null, info.Name, "up")
                    : null;
            }

            return null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }
}
