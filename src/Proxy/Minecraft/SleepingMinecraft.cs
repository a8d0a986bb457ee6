using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Players;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Minecraft;

/// <summary>
/// Speaks for a Minecraft server that is not accepting connections: answers server-list pings (modern and
/// pre-1.7) with an "asleep" or "starting" MOTD, the last known version and max players and nobody online,
/// and lets only a login through to wake the game. Used only on the path where connecting to the game failed,
/// so the relay of a running game is untouched.
/// </summary>
internal sealed class SleepingMinecraft(PlayerCensus census, WakeCoordinator wake, ProxyLog log)
{
    public const string AsleepMotd = "This server is asleep. Join to wake it up!";
    public const string StartingMotd = "This server is starting. Join again in a moment!";
    public const string StartingKick = "The server is starting, reconnect in a moment.";
    public const string UnavailableKick = "The server cannot start right now. Please try again later.";

    /// <summary>The Disconnect for a login the platform refused to wake for, with its reason when it gave one.</summary>
    public static string RefusedKick(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? UnavailableKick : $"The server cannot start: {reason}";

    /// <summary>A real client sends its handshake at once; a connection silent this long is not one.</summary>
    public static readonly TimeSpan GreetingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Room for the longest handshake plus the login start usually sent in the same segment.</summary>
    private const int GreetingBufferBytes = MinecraftHandshake.MaxFrameBytes + 512;

    /// <summary>Version shown before the game ever answered a query: says what is going on instead of a number.</summary>
    private const string UnknownVersionName = "sleeping";

    private const int StatusRequestId = 0x00;
    private const int PingId = 0x01;
    private const int LoginDisconnectId = 0x00;

    /// <summary>What pre-1.7 clients expect in the legacy kick packet's protocol field to list the server as newer.</summary>
    private const int LegacyProtocol = 127;

    /// <summary>Reads the handshake and answers anything that is not a login; the caller holds a login and wakes the game.</summary>
    public async Task<MinecraftGreeting> GreetAsync(Socket client, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(GreetingTimeout);
        var buffer = new byte[GreetingBufferBytes];
        var count = 0;
        try
        {
            while (true)
            {
                var intent = MinecraftHandshake.Classify(buffer.AsSpan(0, count), out var protocolVersion, out var consumed);
                switch (intent)
                {
                    case MinecraftIntent.Login:
                        return new MinecraftGreeting(intent, buffer[..count]);
                    case MinecraftIntent.Status:
                        await AnswerStatusAsync(client, buffer, consumed, count, protocolVersion, deadline.Token);
                        return new MinecraftGreeting(intent, []);
                    case MinecraftIntent.LegacyPing:
                        await client.SendAsync(LegacyKick(), SocketFlags.None, deadline.Token);
                        log.Info($"answered a legacy server-list ping from {client.RemoteEndPoint} while the game is down");
                        return new MinecraftGreeting(intent, []);
                    case MinecraftIntent.Invalid:
                        log.Warn($"{client.RemoteEndPoint} sent no Minecraft handshake ({count} bytes); not waking the game");
                        return new MinecraftGreeting(intent, buffer[..count]);
                }

                if (count == buffer.Length)
                {
                    log.Warn($"{client.RemoteEndPoint} sent a handshake longer than {buffer.Length} bytes; not waking the game");
                    return new MinecraftGreeting(MinecraftIntent.Invalid, buffer);
                }

                var read = await client.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    return new MinecraftGreeting(MinecraftIntent.Invalid, buffer[..count]);
                }

                count += read;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            log.Info($"{client.RemoteEndPoint} sent no complete handshake within {GreetingTimeout.TotalSeconds:0} s; not waking the game");
            return new MinecraftGreeting(MinecraftIntent.Invalid, buffer[..count]);
        }
    }

    /// <summary>Ends a held login with a Disconnect packet carrying <paramref name="message"/>; the client shows it.</summary>
    public static async Task KickAsync(Socket client, string message, CancellationToken cancellationToken)
    {
        var frame = MinecraftWire.Frame(LoginDisconnectId, w => MinecraftWire.WriteString(w, MinecraftWire.TextComponent(message)));
        await client.SendAsync(frame, SocketFlags.None, cancellationToken);
    }

    /// <summary>The status JSON a sleeping server shows; <paramref name="clientProtocol"/> stands in for an unknown version.</summary>
    public string StatusJson(int clientProtocol)
    {
        var known = census.LastKnown;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("version");
            json.WriteString("name", known.Version ?? UnknownVersionName);
            json.WriteNumber("protocol", known.VersionProtocol ?? clientProtocol);
            json.WriteEndObject();
            json.WriteStartObject("players");
            json.WriteNumber("max", known.MaxPlayers ?? 0);
            json.WriteNumber("online", 0);
            json.WriteStartArray("sample");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("description");
            json.WriteString("text", Motd);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string Motd => wake.IsWaking ? StartingMotd : wake.RefusalReason is { } reason ? $"This server cannot start: {reason}" : AsleepMotd;

    /// <summary>Answers the status request and the ping that may follow, from bytes already read and then the socket.</summary>
    private async Task AnswerStatusAsync(Socket client, byte[] buffer, int start, int count, int protocolVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = buffer.AsSpan(start, count - start);
            var prefix = MinecraftWire.TryReadVarInt(pending, out var length);
            if (prefix < 0 || (prefix > 0 && length is < 1 or > 64))
            {
                return;
            }

            if (prefix > 0 && pending.Length >= prefix + length)
            {
                var body = pending.Slice(prefix, length);
                if (body[0] == StatusRequestId && length == 1)
                {
                    var json = StatusJson(protocolVersion);
                    await client.SendAsync(MinecraftWire.Frame(StatusRequestId, w => MinecraftWire.WriteString(w, json)), SocketFlags.None, cancellationToken);
                    log.Info($"answered a server-list ping from {client.RemoteEndPoint} while the game is down ({Motd})");
                }
                else if (body[0] == PingId && length == 9)
                {
                    var payload = BinaryPrimitives.ReadInt64BigEndian(body[1..]);
                    await client.SendAsync(MinecraftWire.Frame(PingId, w =>
                    {
                        BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), payload);
                        w.Advance(8);
                    }), SocketFlags.None, cancellationToken);
                    return;
                }
                else
                {
                    return;
                }

                start += prefix + length;
                continue;
            }

            if (start > 0)
            {
                buffer.AsSpan(start, count - start).CopyTo(buffer);
                count -= start;
                start = 0;
            }

            var read = await client.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return;
            }

            count += read;
        }
    }

    /// <summary>The pre-1.7 answer: 0xFF, a UTF-16BE length, then the §1 fields separated by NUL characters.</summary>
    private byte[] LegacyKick()
    {
        var known = census.LastKnown;
        var text = $"\u00a71\0{LegacyProtocol}\0{known.Version ?? UnknownVersionName}\0{Motd}\00\0{known.MaxPlayers ?? 0}";
        var payload = Encoding.BigEndianUnicode.GetBytes(text);
        var packet = new byte[3 + payload.Length];
        packet[0] = 0xFF;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(1), (ushort)text.Length);
        payload.CopyTo(packet, 3);
        return packet;
    }
}
