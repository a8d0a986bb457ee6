using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gsp.DemoGame.Tests;

/// <summary>
/// A deliberately separate, minimal Minecraft Java client, so the tests check the server against the
/// protocol rather than against its own encoder.
/// </summary>
public sealed class MinecraftTestClient : IDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<MinecraftTestClient> ConnectAsync(IPEndPoint server)
    {
        var client = new MinecraftTestClient();
        await client._client.ConnectAsync(server);
        client._stream = client._client.GetStream();
        return client;
    }

    public static byte[] Handshake(int nextState, int protocol = 767) =>
        Packet(0x00, [.. VarInt(protocol), .. String("localhost"), 0x63, 0xDD, .. VarInt(nextState)]);

    public static byte[] Packet(int id, byte[] body)
    {
        byte[] payload = [.. VarInt(id), .. body];
        return [.. VarInt(payload.Length), .. payload];
    }

    public static byte[] VarInt(int value)
    {
        var bytes = new List<byte>();
        var remaining = (uint)value;
        do
        {
            var b = (byte)(remaining & 0x7F);
            remaining >>= 7;
            bytes.Add(remaining == 0 ? b : (byte)(b | 0x80));
        }
        while (remaining != 0);
        return [.. bytes];
    }

    public static byte[] String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [.. VarInt(bytes.Length), .. bytes];
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Reads one packet, returning its id and the rest of its body.</summary>
    public async Task<(int Id, byte[] Body)> ReadPacketAsync()
    {
        var length = await ReadVarIntAsync();
        var packet = new byte[length];
        await _stream.ReadExactlyAsync(packet);
        var (id, used) = DecodeVarInt(packet);
        return (id, packet[used..]);
    }

    public static string ReadString(byte[] body)
    {
        var (length, used) = DecodeVarInt(body);
        return Encoding.UTF8.GetString(body, used, length);
    }

    public async Task<string> StatusJsonAsync()
    {
        // Handshake and request in one write, as real clients do, to prove nothing sent early is lost.
        await SendAsync([.. Handshake(nextState: 1), .. Packet(0x00, [])]);
        var (id, body) = await ReadPacketAsync();
        Assert.Equal(0x00, id);
        return ReadString(body);
    }

    public async Task<long> PingAsync(long payload)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, payload);
        await SendAsync(Packet(0x01, bytes));
        var (id, body) = await ReadPacketAsync();
        Assert.Equal(0x01, id);
        return BinaryPrimitives.ReadInt64BigEndian(body);
    }

    /// <summary>True when the server closed the connection (read returns 0).</summary>
    public async Task<bool> IsClosedByServerAsync() => await _stream.ReadAsync(new byte[1]) == 0;

    public void Dispose() => _client.Dispose();

    private async Task<int> ReadVarIntAsync()
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = new byte[1];
            await _stream.ReadExactlyAsync(b);
            value |= (b[0] & 0x7F) << shift;
            if ((b[0] & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("VarInt too long");
    }

    private static (int Value, int Used) DecodeVarInt(byte[] bytes)
    {
        var value = 0;
        for (var i = 0; i < 5; i++)
        {
            value |= (bytes[i] & 0x7F) << (7 * i);
            if ((bytes[i] & 0x80) == 0)
            {
                return (value, i + 1);
            }
        }

        throw new InvalidDataException("VarInt too long");
    }
}
