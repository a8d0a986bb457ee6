using System.Net.Sockets;
using System.Text.Json;
using Gsp.Proxy.Players;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Minecraft;

/// <summary>
/// Server List Ping against the running game, straight to its container (not through the proxy's own
/// listener, so the query is never counted as a player's connection).
/// </summary>
internal sealed class MinecraftStatusQuery(UpstreamResolver upstream, string host, int port) : IPlayerQuery
{
    /// <summary>Status JSON with a server icon is tens of KiB; anything past this is not a status reply.</summary>
    private const int MaxResponseBytes = 256 * 1024;

    /// <summary>Sent as the client's protocol: servers answer a status query whatever the number, and -1 is the
    /// value the protocol documentation reserves for "determining the version".</summary>
    private const int QueryProtocolVersion = -1;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var socket = await upstream.TryConnectTcpAsync(port, timeout.Token);
            if (socket is null)
            {
                return null;
            }

            await socket.SendAsync(MinecraftWire.StatusRequest(QueryProtocolVersion, host, (ushort)port), SocketFlags.None, timeout.Token);
            var json = await ReadStatusJsonAsync(socket, timeout.Token);
            return json is null ? null : Parse(json);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Reads the status response's JSON, or null when the reply is not one.</summary>
    private static async Task<byte[]?> ReadStatusJsonAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var count = 0;
        while (true)
        {
            var prefix = MinecraftWire.TryReadVarInt(buffer.AsSpan(0, count), out var length);
            if (prefix < 0 || (prefix > 0 && length is < 2 or > MaxResponseBytes))
            {
                return null;
            }

            if (prefix > 0 && count >= prefix + length)
            {
                var body = buffer.AsSpan(prefix, length);
                var idBytes = MinecraftWire.TryReadVarInt(body, out var id);
                if (idBytes <= 0 || id != 0x00)
                {
                    return null;
                }

                var stringPrefix = MinecraftWire.TryReadVarInt(body[idBytes..], out var jsonLength);
                return stringPrefix > 0 && jsonLength >= 0 && idBytes + stringPrefix + jsonLength <= body.Length
                    ? body.Slice(idBytes + stringPrefix, jsonLength).ToArray()
                    : null;
            }

            if (count == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxResponseBytes + 16));
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(count), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            count += read;
        }
    }

    internal static PlayerReading? Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("players", out var players) || players.ValueKind != JsonValueKind.Object
                || !players.TryGetProperty("online", out var online) || !TryGetInt(online, out var onlineCount)
                || !players.TryGetProperty("max", out var max) || !TryGetInt(max, out var maxCount))
            {
                return null;
            }

            string? version = null;
            int? protocol = null;
            if (root.TryGetProperty("version", out var versionElement) && versionElement.ValueKind == JsonValueKind.Object)
            {
                if (versionElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    version = name.GetString();
                }

                if (versionElement.TryGetProperty("protocol", out var number) && TryGetInt(number, out var value))
                {
                    protocol = value;
                }
            }

            return new PlayerReading(true, Math.Max(onlineCount, 0), Math.Max(maxCount, 0), version, protocol, null, "up");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetInt(JsonElement element, out int value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
    }
}
