using System.Net.Sockets;
using Gsp.Proxy.Players;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Valve;

/// <summary>A2S_INFO against the running game's query port, with the challenge round trip current servers require.</summary>
internal sealed class A2sInfoQuery(UpstreamResolver upstream, int port) : IPlayerQuery
{
    private const int MaxDatagram = 65_535;

    public Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken) =>
        UdpQueryExchange.RunAsync(upstream, port, ExchangeAsync, cancellationToken);

    private static async Task<PlayerReading?> ExchangeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxDatagram];
        var challenge = A2sWire.NoChallenge;

        // One challenge round at most: a server that keeps challenging is not answering.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await socket.SendAsync(A2sWire.InfoRequest(challenge), SocketFlags.None, cancellationToken);
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (A2sWire.TryReadChallenge(buffer.AsSpan(0, read), out challenge))
            {
                continue;
            }

            return A2sWire.TryReadInfo(buffer.AsSpan(0, read), out var info)
                ? new PlayerReading(true, info.Players, info.MaxPlayers, info.Version, null, info.Name, "up")
                : null;
        }

        return null;
    }
}
