using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Gsp.DemoGame.Tests;

public sealed class A2sTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly byte[] InfoRequest =
        [0xFF, 0xFF, 0xFF, 0xFF, 0x54, .. Encoding.ASCII.GetBytes("Source Engine Query\0")];

    [Fact]
    public async Task A2s_info_without_challenge_gets_a_challenge_and_with_it_the_server_info()
    {
        await using var server = await RunningServer.StartAsync();
        using var player = await EchoClient.ConnectAsPlayerAsync(server.Tcp);
        using var client = new UdpClient(server.Udp.AddressFamily);

        await client.SendAsync(InfoRequest, server.Udp);
        var challengeReply = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;
        Assert.Equal(9, challengeReply.Length);
        Assert.Equal(0x41, challengeReply[4]);
        await client.SendAsync((byte[])[.. InfoRequest, .. challengeReply[5..9]], server.Udp);
        var info = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;

        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF, 0x49, 17], info[..6]);
        var position = 6;
        Assert.Equal("Test MOTD §a", ReadString(info, ref position));
        Assert.Equal("demo", ReadString(info, ref position));
        Assert.Equal("demo", ReadString(info, ref position));
        Assert.Equal("GSP Demo", ReadString(info, ref position));
        Assert.Equal(0, BinaryPrimitives.ReadInt16LittleEndian(info.AsSpan(position)));
        position += 2;
        Assert.Equal([1, 42, 0, (byte)'d', (byte)'l', 0, 0], info[position..(position + 7)]);
        position += 7;
        Assert.Equal("1.21.1", ReadString(info, ref position));
    }

    [Fact]
    public async Task A2s_info_with_a_wrong_challenge_gets_a_fresh_challenge()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new UdpClient(server.Udp.AddressFamily);
        await client.SendAsync(InfoRequest, server.Udp);
        var challenge = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer[5..9];
        byte[] wrong = [(byte)(challenge[0] ^ 1), challenge[1], challenge[2], challenge[3]];

        await client.SendAsync((byte[])[.. InfoRequest, .. wrong], server.Udp);
        var reply = (await client.ReceiveAsync().WaitAsync(Patience)).Buffer;

        Assert.Equal(0x41, reply[4]);
        Assert.Equal(challenge, reply[5..9]);
    }

    private static string ReadString(byte[] datagram, ref int position)
    {
        var end = Array.IndexOf(datagram, (byte)0, position);
        var value = Encoding.UTF8.GetString(datagram, position, end - position);
        position = end + 1;
        return value;
    }
}
