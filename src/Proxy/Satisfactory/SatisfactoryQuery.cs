using System.Buffers.Binary;
using System.Net.Sockets;
using Gsp.Proxy.Players;
using Gsp.Proxy.Upstream;

namespace Gsp.Proxy.Satisfactory;

/// <summary>
/// Satisfactory's lightweight query (UDP, game port): a Poll Server State message answered with the server's
/// state, build and name. It carries no player count, so readings say so (<see cref="PlayerReading.CountsKnown"/>
/// false) and the platform keeps using the proxy's connection counts for this game.
/// </summary>
internal sealed class SatisfactoryQuery(UpstreamResolver upstream, int port) : IPlayerQuery
{
    private const ushort ProtocolMagic = 0xF6D5;
    private const byte PollServerState = 0;
    private const byte ServerStateResponse = 1;
    private const byte ProtocolVersion = 1;
    private const byte Terminator = 1;

    /// <summary>magic(2) type(1) version(1) cookie(8) state(1) build(4) flags(8) sub-state count(1).</summary>
    private const int FixedResponseBytes = 26;

    public Task<PlayerReading?> QueryAsync(CancellationToken cancellationToken) =>
        UdpQueryExchange.RunAsync(upstream, port, ExchangeAsync, cancellationToken);

    private static async Task<PlayerReading?> ExchangeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var cookie = Random.Shared.NextInt64();
        await socket.SendAsync(Request(cookie), SocketFlags.None, cancellationToken);
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return Parse(buffer.AsSpan(0, read), cookie);
    }

    internal static byte[] Request(long cookie)
    {
        var request = new byte[13];
        BinaryPrimitives.WriteUInt16LittleEndian(request, ProtocolMagic);
        request[2] = PollServerState;
        request[3] = ProtocolVersion;
        BinaryPrimitives.WriteInt64LittleEndian(request.AsSpan(4), cookie);
        request[12] = Terminator;
        return request;
    }

    internal static PlayerReading? Parse(ReadOnlySpan<byte> reply, long cookie)
    {
        if (reply.Length < FixedResponseBytes
            || BinaryPrimitives.ReadUInt16LittleEndian(reply) != ProtocolMagic
            || reply[2] != ServerStateResponse
            || BinaryPrimitives.ReadInt64LittleEndian(reply[4..]) != cookie)
        {
            return null;
        }

        var state = reply[12] switch
        {
            0 => "offline",
            1 => "idle",
            2 => "loading",
            3 => "playing",
            _ => "unknown",
        };
        var build = BinaryPrimitives.ReadUInt32LittleEndian(reply[13..]);
        var subStates = reply[25];
        var rest = reply[FixedResponseBytes..];
        string? name = null;
        if (rest.Length >= subStates * 3 + 2)
        {
            rest = rest[(subStates * 3)..];
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(rest);
            if (rest.Length >= 2 + nameLength)
            {
                name = System.Text.Encoding.UTF8.GetString(rest.Slice(2, nameLength));
            }
        }

        return new PlayerReading(false, 0, null, build.ToString(System.Globalization.CultureInfo.InvariantCulture), null, name, state);
    }
}
