using System.Net;
using System.Net.Sockets;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Net;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame.Minecraft;

/// <summary>
/// Serves one Minecraft connection after its handshake: a status ping, or a login that is politely refused
/// (the demo has no world to join) but counted as an online player for DEMO_LOGIN_HOLD_SECONDS.
/// </summary>
public sealed class MinecraftSession(
    Socket socket, InboundBuffer inbound, DemoOptions options, PlayerRegistry players, GameLog log, EndPoint remote)
{
    /// <summary>No packet this server accepts is anywhere near this long; bigger lengths are garbage.</summary>
    private const int MaxPacketLength = 1024;

    /// <summary>Protocol 767 caps player names at 16 characters.</summary>
    private const int MaxNameChars = 16;

    /// <summary>Bounds how long a client may take to send the packets of a ping or a login.</summary>
    private static readonly TimeSpan ProtocolTimeout = TimeSpan.FromSeconds(30);

    private const int StatusRequestId = 0x00;
    private const int PingId = 0x01;
    private const int LoginStartId = 0x00;
    private const int LoginDisconnectId = 0x00;
    private const int LoginSuccessId = 0x02;

    public async Task RunStatusAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ProtocolTimeout);
        cancellationToken = deadline.Token;
        while (await ReadPacketAsync(cancellationToken) is { } packet)
        {
            var reader = new PacketReader(packet);
            reader.TryReadVarInt(out var id);
            if (id == StatusRequestId && reader.Remaining == 0)
            {
                var json = StatusResponse.ToJson(options, players.Online);
                await SendAsync(new PacketWriter(StatusRequestId).WriteString(json).ToFrame(), cancellationToken);
                log.Write($"status ping from {remote}, players {players.Online}");
            }
            else if (id == PingId && reader.TryReadInt64(out var payload) && reader.Remaining == 0)
            {
                await SendAsync(new PacketWriter(PingId).WriteInt64(payload).ToFrame(), cancellationToken);
                return;
            }
            else
            {
                throw new InvalidDataException($"unexpected status packet 0x{id:x2}");
            }
        }
    }

    /// <param name="player">The connection's player lease, released once the hold time is over.</param>
    public async Task RunLoginAsync(IDisposable player, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ProtocolTimeout);
        var packet = await ReadPacketAsync(deadline.Token)
            ?? throw new InvalidDataException("closed before login start");
        var reader = new PacketReader(packet);
        if (!reader.TryReadVarInt(out var id) || id != LoginStartId || !reader.TryReadString(MaxNameChars, out var name))
        {
            throw new InvalidDataException("malformed login start");
        }

        // Protocol 767 appends the player's UUID; older clients omit it, which is no reason to refuse them here.
        reader.TryReadGuid(out var uuid);
        if (options.AcceptLogins)
        {
            await StayOnlineAsync(player, name, uuid, cancellationToken);
            return;
        }

        var text = ChatComponent.Text($"Welcome {name}, this is the GSP demo game");
        await SendAsync(new PacketWriter(LoginDisconnectId).WriteString(text).ToFrame(), deadline.Token);
        log.Write($"player {name} connected from {remote}, players {players.Online}");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.LoginHoldSeconds), cancellationToken);
        }
        finally
        {
            player.Dispose();
            log.Write($"player {name} disconnected, players {players.Online}");
        }
    }

    /// <summary>
    /// Login Success in protocol 767's layout (UUID, name, no properties, strict error handling off), then the
    /// player counts as online until the client goes away; what it sends meanwhile is read and discarded.
    /// </summary>
    private async Task StayOnlineAsync(IDisposable player, string name, Guid uuid, CancellationToken cancellationToken)
    {
        var success = new PacketWriter(LoginSuccessId).WriteGuid(uuid).WriteString(name).WriteVarInt(0).WriteBool(false).ToFrame();
        await SendAsync(success, cancellationToken);
        log.Write($"player {name} joined from {remote}, players {players.Online}");
        try
        {
            var scratch = new byte[4096];
            while (await socket.ReceiveAsync(scratch, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        finally
        {
            player.Dispose();
            log.Write($"player {name} left, players {players.Online}");
        }
    }

    private async Task<byte[]?> ReadPacketAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var status = VarInt.TryRead(inbound.Data.Span, out var length, out var prefix);
            if (status == ReadStatus.Invalid || (status == ReadStatus.Complete && length is < 1 or > MaxPacketLength))
            {
                throw new InvalidDataException("bad packet length");
            }

            if (status == ReadStatus.Complete && inbound.Data.Length >= prefix + length)
            {
                var packet = inbound.Data.Slice(prefix, length).ToArray();
                inbound.Consume(prefix + length);
                return packet;
            }

            if (!await inbound.FillAsync(cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken) =>
        await socket.SendAsync(frame, SocketFlags.None, cancellationToken);
}
