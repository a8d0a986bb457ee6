using System.Net.Sockets;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Minecraft;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame.Net;

/// <summary>
/// One accepted TCP connection: sniffs whether it opens with a Minecraft handshake, then either speaks
/// Minecraft or echoes. Nothing a client sends may escape as an exception; bad input is logged and closed.
/// </summary>
public sealed class TcpConnection(Socket socket, DemoOptions options, PlayerRegistry players, GameLog log)
{
    /// <summary>Room for the longest handshake or Minecraft packet this server accepts plus its length prefix.</summary>
    private const int InboundCapacity = 2048;

    /// <summary>
    /// Once a client has sent a byte that could start a handshake, how long to wait for the rest before
    /// treating it as an echo client. Real Minecraft clients send the handshake in one write.
    /// </summary>
    private static readonly TimeSpan SniffTimeout = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var remote = socket.RemoteEndPoint;
        // Counted from accept so a client is online as soon as it is connected; a status ping gives it back.
        var player = players.Join();
        log.Write($"connection from {remote}, players {players.Online}");
        var inbound = new InboundBuffer(socket, InboundCapacity);
        try
        {
            var handshake = await SniffHandshakeAsync(inbound, cancellationToken);
            if (handshake is null)
            {
                log.Write($"player connected from {remote} (echo), players {players.Online}");
                await TcpEcho.RunAsync(socket, inbound.Data, cancellationToken);
                return;
            }

            var session = new MinecraftSession(socket, inbound, options, players, log, remote!);
            if (handshake.NextState == Handshake.StatusState)
            {
                player.Dispose();
                await session.RunStatusAsync(cancellationToken);
            }
            else
            {
                await session.RunLoginAsync(player, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException
                                       or OperationCanceledException or ObjectDisposedException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                log.Write($"closing {remote}: {ex.Message}");
            }
        }
        finally
        {
            socket.Dispose();
            player.Dispose();
            log.Write($"connection closed {remote}, players {players.Online}");
        }
    }

    /// <summary>Returns the handshake, or null when the bytes are not Minecraft (echo them instead).</summary>
    private static async Task<Handshake?> SniffHandshakeAsync(InboundBuffer inbound, CancellationToken cancellationToken)
    {
        // The first byte may take forever (an idle player): only the rest of a started handshake is timed.
        if (!await inbound.FillAsync(cancellationToken))
        {
            return null;
        }

        using var sniff = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sniff.CancelAfter(SniffTimeout);
        while (true)
        {
            switch (Handshake.TryParse(inbound.Data.Span, out var handshake, out var consumed))
            {
                case ReadStatus.Complete:
                    inbound.Consume(consumed);
                    return handshake;
                case ReadStatus.Invalid:
                    return null;
            }

            try
            {
                if (!await inbound.FillAsync(sniff.Token))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }
}
