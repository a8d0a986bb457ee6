using System.Net.Sockets;
using System.Text.Json;

namespace Gsp.DemoGame.Tests;

public sealed class RobustnessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string, byte[]> ProtocolViolations => new()
    {
        { "status packet claiming 2 GiB", [.. MinecraftTestClient.Handshake(1), 0xFF, 0xFF, 0xFF, 0xFF, 0x07] },
        { "six-byte VarInt length", [.. MinecraftTestClient.Handshake(1), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "unknown status packet", [.. MinecraftTestClient.Handshake(1), .. MinecraftTestClient.Packet(0x05, [1, 2])] },
        { "ping without payload", [.. MinecraftTestClient.Handshake(1), .. MinecraftTestClient.Packet(0x01, [])] },
        { "player name too long", [.. MinecraftTestClient.Handshake(2), .. MinecraftTestClient.Packet(0x00, MinecraftTestClient.String(new string('a', 40)))] },
        { "truncated login start", [.. MinecraftTestClient.Handshake(2), 0x10, 0x00, 0x05] },
        { "string longer than its packet", [.. MinecraftTestClient.Handshake(2), .. MinecraftTestClient.Packet(0x00, [0x7F, 0x41])] },
    };

    [Theory]
    [MemberData(nameof(ProtocolViolations))]
    public async Task Protocol_violation_closes_only_that_connection(string _, byte[] bytes)
    {
        await using var server = await RunningServer.StartAsync();

        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(server.Tcp);
            await socket.SendAsync(bytes);
            socket.Shutdown(SocketShutdown.Send);
            await EchoClient.ReadToEndAsync(socket).WaitAsync(Patience);
        }

        await AssertStillServesStatusAsync(server);
    }

    [Fact]
    public async Task Random_bytes_on_both_transports_are_echoed_and_the_server_keeps_serving()
    {
        await using var server = await RunningServer.StartAsync();
        var random = new Random(7);
        using var udp = new UdpClient(server.Udp.AddressFamily);
        for (var i = 0; i < 20; i++)
        {
            var garbage = new byte[random.Next(0, 2000)];
            random.NextBytes(garbage);

            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.Tcp);
            await socket.SendAsync(garbage);
            socket.Shutdown(SocketShutdown.Send);
            Assert.Equal(garbage, await EchoClient.ReadToEndAsync(socket).WaitAsync(Patience));

            await udp.SendAsync(garbage, server.Udp);
            Assert.Equal(garbage, (await udp.ReceiveAsync().WaitAsync(Patience)).Buffer);
        }

        await AssertStillServesStatusAsync(server);
    }

    [Fact]
    public async Task Client_that_vanishes_mid_handshake_is_released()
    {
        await using var server = await RunningServer.StartAsync();
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(server.Tcp);
            await socket.SendAsync(MinecraftTestClient.Handshake(1)[..4]);
            socket.LingerState = new LingerOption(true, 0);
        }

        using var client = await MinecraftTestClient.ConnectAsync(server.Tcp);
        using var status = JsonDocument.Parse(await client.StatusJsonAsync().WaitAsync(Patience));

        // The reset connection may or may not have been noticed yet; it must not have broken the server.
        Assert.InRange(status.RootElement.GetProperty("players").GetProperty("online").GetInt32(), 0, 1);
    }

    private static async Task AssertStillServesStatusAsync(RunningServer server)
    {
        using var client = await MinecraftTestClient.ConnectAsync(server.Tcp);
        using var status = JsonDocument.Parse(await client.StatusJsonAsync().WaitAsync(Patience));
        Assert.Equal("Test MOTD §a", status.RootElement.GetProperty("description").GetProperty("text").GetString());
    }
}
