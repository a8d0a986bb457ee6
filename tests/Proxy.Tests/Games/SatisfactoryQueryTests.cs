using System.Buffers.Binary;
using System.Text;
using Gsp.Proxy.Satisfactory;

namespace Gsp.Proxy.Tests.Games;

/// <summary>Satisfactory's lightweight query: state and name, but no player count (so counts stay unknown).</summary>
public sealed class SatisfactoryQueryTests
{
    [Fact]
    public void Poll_request_has_the_magic_type_version_cookie_and_terminator()
    {
        var request = SatisfactoryQuery.Request(0x0102030405060708);

        Assert.Equal([0xD5, 0xF6, 0x00, 0x01, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x01], request);
    }

    [Fact]
    public void State_reply_is_read_as_the_game_state_with_no_player_count()
    {
        var reply = Reply(cookie: 42, state: 3, build: 365306, name: "Factory");

        var reading = SatisfactoryQuery.Parse(reply, 42)!;

        Assert.False(reading.CountsKnown);
        Assert.Equal("playing", reading.GameState);
        Assert.Equal("365306", reading.Version);
        Assert.Equal("Factory", reading.ServerName);
    }

    [Fact]
    public void Reply_to_another_cookie_or_truncated_is_no_reading()
    {
        Assert.Null(SatisfactoryQuery.Parse(Reply(cookie: 1, state: 1, build: 1, name: "x"), 2));
        Assert.Null(SatisfactoryQuery.Parse(Reply(cookie: 1, state: 1, build: 1, name: "x")[..20], 1));
    }

    private static byte[] Reply(long cookie, byte state, uint build, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var reply = new byte[26 + 3 + 2 + nameBytes.Length + 1];
        BinaryPrimitives.WriteUInt16LittleEndian(reply, 0xF6D5);
        reply[2] = 1;
        reply[3] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(reply.AsSpan(4), cookie);
        reply[12] = state;
        BinaryPrimitives.WriteUInt32LittleEndian(reply.AsSpan(13), build);
        reply[25] = 1; // one sub-state: id byte + 16-bit version
        BinaryPrimitives.WriteUInt16LittleEndian(reply.AsSpan(29), (ushort)nameBytes.Length);
        nameBytes.CopyTo(reply, 31);
        reply[^1] = 1;
        return reply;
    }
}
