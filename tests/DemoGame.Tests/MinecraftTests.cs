using System.Text.Json;

namespace Gsp.DemoGame.Tests;

public sealed class MinecraftTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Status_ping_reports_motd_version_and_connected_players()
    {
        await using var server = await RunningServer.StartAsync();
        using var first = await EchoClient.ConnectAsPlayerAsync(server.Tcp);
        using var second = await EchoClient.ConnectAsPlayerAsync(server.Tcp);
        using var client = await MinecraftTestClient.ConnectAsync(server.Tcp);

        using var status = JsonDocument.Parse(await client.StatusJsonAsync().WaitAsync(Patience));

        var root = status.RootElement;
        Assert.Equal("Test MOTD §a", root.GetProperty("description").GetProperty("text").GetString());
        Assert.Equal("1.21.1", root.GetProperty("version").GetProperty("name").GetString());
        Assert.Equal(767, root.GetProperty("version").GetProperty("protocol").GetInt32());
        Assert.Equal(2, root.GetProperty("players").GetProperty("online").GetInt32());
        Assert.Equal(42, root.GetProperty("players").GetProperty("max").GetInt32());
        Assert.Equal(0, root.GetProperty("players").GetProperty("sample").GetArrayLength());
    }

    [Fact]
    public async Task Ping_is_answered_with_the_same_payload_and_then_closed()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await MinecraftTestClient.ConnectAsync(server.Tcp);
        await client.StatusJsonAsync().WaitAsync(Patience);

        Assert.Equal(0x0123456789ABCDEF, await client.PingAsync(0x0123456789ABCDEF).WaitAsync(Patience));
        Assert.True(await client.IsClosedByServerAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Login_is_refused_with_a_welcome_naming_the_player()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = await MinecraftTestClient.ConnectAsync(server.Tcp);

        await client.SendAsync([
            .. MinecraftTestClient.Handshake(nextState: 2),
            .. MinecraftTestClient.Packet(0x00, [.. MinecraftTestClient.String("Steve"), .. Guid.NewGuid().ToByteArray()]),
        ]);
        var (id, body) = await client.ReadPacketAsync().WaitAsync(Patience);

        Assert.Equal(0x00, id);
        using var reason = JsonDocument.Parse(MinecraftTestClient.ReadString(body));
        Assert.Equal("Welcome Steve, this is the GSP demo game", reason.RootElement.GetProperty("text").GetString());
        Assert.True(await client.IsClosedByServerAsync().WaitAsync(Patience));
    }

    [Fact]
    public async Task Login_counts_as_an_online_player_while_held()
    {
        await using var server = await RunningServer.StartAsync(options => options with { LoginHoldSeconds = 600 });
        using var player = await MinecraftTestClient.ConnectAsync(server.Tcp);
        await player.SendAsync([
            .. MinecraftTestClient.Handshake(nextState: 2),
            .. MinecraftTestClient.Packet(0x00, [.. MinecraftTestClient.String("Alex"), .. new byte[16]]),
        ]);
        await player.ReadPacketAsync().WaitAsync(Patience);
        using var pinger = await MinecraftTestClient.ConnectAsync(server.Tcp);

        using var status = JsonDocument.Parse(await pinger.StatusJsonAsync().WaitAsync(Patience));

        Assert.Equal(1, status.RootElement.GetProperty("players").GetProperty("online").GetInt32());
    }
}
