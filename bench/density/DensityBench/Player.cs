using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Gsp.Bench.Density;

/// <summary>
/// A Minecraft player that joins a sleeping server: handshake (next state login) and Login Start, the only
/// traffic that wakes a Minecraft game's sidecar. The sidecar holds the connection while the game starts and
/// then relays it; the demo game answers a login with a Disconnect that says "Welcome …, this is the GSP demo
/// game", which is how the player knows its bytes reached the game (the sidecar's own answers say otherwise).
/// </summary>
public static class Player
{
    private const int Protocol = 767; // 1.21

    public static async Task<JoinOutcome> JoinAsync(int port, string name, TimeSpan timeout)
    {
        using var client = new TcpClient { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout);
        var connectedAt = DateTime.UtcNow;
        try
        {
            await client.ConnectAsync("127.0.0.1", port, deadline.Token);
            connectedAt = DateTime.UtcNow;
            var stream = client.GetStream();
            await stream.WriteAsync(Handshake(port).Concat(LoginStart(name)).ToArray(), deadline.Token);

            var buffer = new byte[4096];
            var filled = 0;
            DateTime? firstByteAt = null;
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), deadline.Token);
                if (read == 0)
                {
                    return new JoinOutcome(connectedAt, firstByteAt, false, "closed: " + Text(buffer, filled));
                }

                firstByteAt ??= DateTime.UtcNow;
                filled += read;
                if (TryFrame(buffer.AsSpan(0, filled), out var text))
                {
                    return new JoinOutcome(connectedAt, firstByteAt, text.Contains("GSP demo game", StringComparison.Ordinal), text);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return new JoinOutcome(connectedAt, null, false, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static byte[] Handshake(int port)
    {
        var body = new List<byte>();
        VarInt(body, 0x00);
        VarInt(body, Protocol);
        String(body, "127.0.0.1");
        body.Add((byte)(port >> 8));
        body.Add((byte)port);
        VarInt(body, 2);
        return Frame(body);
    }

    private static byte[] LoginStart(string name)
    {
        var body = new List<byte>();
        VarInt(body, 0x00);
        String(body, name);
        body.AddRange(Guid.NewGuid().ToByteArray());
        return Frame(body);
    }

    private static byte[] Frame(List<byte> body)
    {
        var frame = new List<byte>();
        VarInt(frame, body.Count);
        frame.AddRange(body);
        return [.. frame];
    }

    private static void VarInt(List<byte> to, int value)
    {
        var v = (uint)value;
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            to.Add(v != 0 ? (byte)(b | 0x80) : b);
        }
        while (v != 0);
    }

    private static void String(List<byte> to, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        VarInt(to, bytes.Length);
        to.AddRange(bytes);
    }

    /// <summary>A whole first packet: its text (a Disconnect's reason, or a note for anything else).</summary>
    private static bool TryFrame(ReadOnlySpan<byte> data, out string text)
    {
        text = "";
        if (!TryVarInt(data, out var length, out var used) || data.Length < used + length)
        {
            return false;
        }

        var packet = data.Slice(used, length);
        if (!TryVarInt(packet, out var id, out var idBytes))
        {
            text = "empty packet";
            return true;
        }

        text = id == 0x00 && TryVarInt(packet[idBytes..], out var chars, out var lengthBytes) && idBytes + lengthBytes + chars <= packet.Length
            ? Encoding.UTF8.GetString(packet.Slice(idBytes + lengthBytes, chars))
            : $"packet 0x{id:x2}";
        return true;
    }

    private static bool TryVarInt(ReadOnlySpan<byte> data, out int value, out int used)
    {
        value = 0;
        for (used = 0; used < Math.Min(5, data.Length);)
        {
            var b = data[used++];
            value |= (b & 0x7F) << (7 * (used - 1));
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Text(byte[] buffer, int filled) => filled == 0 ? "no bytes" : $"{filled} bytes";
}

/// <summary>When the player connected, when its first byte back arrived, and whether that came from the game.</summary>
public sealed record JoinOutcome(DateTime ConnectedAt, DateTime? FirstByteAt, bool ReachedGame, string Answer)
{
    public TimeSpan? Wait => FirstByteAt - ConnectedAt;
}
