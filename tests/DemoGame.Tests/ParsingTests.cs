using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Minecraft;
using Gsp.DemoGame.World;

namespace Gsp.DemoGame.Tests;

public sealed class ParsingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(25565)]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void VarInt_round_trips(int value)
    {
        var bytes = MinecraftTestClient.VarInt(value);

        Assert.Equal(ReadStatus.Complete, VarInt.TryRead(bytes, out var read, out var used));
        Assert.Equal(value, read);
        Assert.Equal(bytes.Length, used);
        Assert.Equal(bytes.Length, VarInt.SizeOf(value));
    }

    [Fact]
    public void VarInt_longer_than_five_bytes_is_invalid() =>
        Assert.Equal(ReadStatus.Invalid, VarInt.TryRead([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], out _, out _));

    [Fact]
    public void Handshake_split_anywhere_is_incomplete_until_its_last_byte()
    {
        var frame = MinecraftTestClient.Handshake(nextState: 1);
        for (var length = 1; length < frame.Length; length++)
        {
            Assert.Equal(ReadStatus.Incomplete, Handshake.TryParse(frame.AsSpan(0, length), out _, out _));
        }

        Assert.Equal(ReadStatus.Complete, Handshake.TryParse(frame, out var handshake, out var consumed));
        Assert.Equal(new Handshake(767, "localhost", 25565, 1), handshake);
        Assert.Equal(frame.Length, consumed);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("GET / HTTP/1.1\r\n")]
    public void Text_is_rejected_as_a_handshake_by_its_second_byte(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);

        Assert.Equal(ReadStatus.Invalid, Handshake.TryParse(bytes.AsSpan(0, 2), out _, out _));
    }

    [Fact]
    public void Handshake_with_unknown_next_state_is_not_minecraft() =>
        Assert.Equal(ReadStatus.Invalid, Handshake.TryParse(MinecraftTestClient.Handshake(nextState: 9), out _, out _));

    [Fact]
    public void Ports_expand_both_and_default_to_tcp()
    {
        Assert.True(PortBinding.TryParseList("27015/both, 7777", out var ports, out _));

        Assert.Equal(
            [new(27015, TransportProtocol.Tcp), new(27015, TransportProtocol.Udp), new(7777, TransportProtocol.Tcp)],
            ports);
    }

    [Theory]
    [InlineData("25565/sctp")]
    [InlineData("70000/tcp")]
    [InlineData(",")]
    public void Bad_ports_are_reported(string text) =>
        Assert.False(PortBinding.TryParseList(text, out _, out _));

    [Fact]
    public void Options_default_when_unset_and_report_bad_values()
    {
        Assert.True(DemoOptions.TryFromEnvironment(new Dictionary<string, string>(), out var defaults, out _));
        Assert.Equal(25565, defaults.Ports[0].Port);
        Assert.Equal("/data", defaults.DataDirectory);

        var environment = new Dictionary<string, string> { ["DEMO_CPU_PERCENT"] = "250", ["DEMO_MOTD"] = "Hi" };
        Assert.False(DemoOptions.TryFromEnvironment(environment, out var options, out var error));
        Assert.Contains("DEMO_CPU_PERCENT", error);
        Assert.Equal("Hi", options.Motd);
    }

    [Fact]
    public void World_file_that_is_not_ours_reads_as_tick_zero() =>
        Assert.Equal(0, WorldStore.ParseTick(["garbage", "tick=-5"]));
}
