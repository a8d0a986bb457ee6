using Gsp.Proxy.Configuration;

namespace Gsp.Proxy.Tests.Configuration;

public sealed class ProxyOptionsReaderTests
{
    private static readonly Dictionary<string, string> Required = new()
    {
        ["GSP_PROXY_PORTS"] = "25565/tcp, 7777/both,2456/udp",
        ["GSP_PROXY_UPSTREAM_HOST"] = "game",
        ["GSP_PROXY_WAKE_URL"] = "http://host.docker.internal:5080/api/webhook/wake",
        ["GSP_PROXY_SERVER_ID"] = "srv-1",
        ["GSP_PROXY_TOKEN"] = "tok",
    };

    [Fact]
    public void Ports_list_maps_each_port_to_the_same_upstream_port_with_its_protocol()
    {
        var options = Read(Required).Options!;

        Assert.Equal(
            [new PortMapping(25565, 25565, PortProtocol.Tcp), new PortMapping(7777, 7777, PortProtocol.Both), new PortMapping(2456, 2456, PortProtocol.Udp)],
            options.Ports);
    }

    [Fact]
    public void Unset_optional_variables_take_documented_defaults()
    {
        var options = Read(Required).Options!;

        Assert.Equal(TimeSpan.FromSeconds(60), options.HoldTime);
        Assert.Equal(8081, options.AdminPort);
        Assert.Equal(256, options.UdpBufferDatagrams);
        Assert.Equal(TimeSpan.FromSeconds(60), options.UdpIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownGrace);
        Assert.Equal(System.Net.IPAddress.Any, options.ListenAddress);
    }

    [Theory]
    [InlineData("GSP_PROXY_PORTS", "25565")]
    [InlineData("GSP_PROXY_PORTS", "70000/tcp")]
    [InlineData("GSP_PROXY_PORTS", "25565/tcp,25565/both")]
    [InlineData("GSP_PROXY_UPSTREAM_HOST", " ")]
    [InlineData("GSP_PROXY_WAKE_URL", "ftp://x/wake")]
    [InlineData("GSP_PROXY_SERVER_ID", "")]
    [InlineData("GSP_PROXY_HOLD_SECONDS", "soon")]
    [InlineData("GSP_PROXY_ADMIN_PORT", "0")]
    [InlineData("GSP_PROXY_UDP_BUFFER_DATAGRAMS", "0")]
    [InlineData("GSP_PROXY_UDP_IDLE_SECONDS", "1.5")]
    [InlineData("GSP_PROXY_SHUTDOWN_SECONDS", "-1")]
    [InlineData("GSP_PROXY_LISTEN_ADDRESS", "localhost")]
    [InlineData("GSP_PROXY_GAME_PROTOCOL", "bedrock")]
    [InlineData("GSP_PROXY_QUERY_SECONDS", "0")]
    [InlineData("GSP_PROXY_LOGIN_TIMEOUT_SECONDS", "-5")]
    [InlineData("GSP_PROXY_LAST_MAX_PLAYERS", "many")]
    public void Invalid_value_is_reported_naming_the_variable(string variable, string value)
    {
        var result = Read(new Dictionary<string, string>(Required) { [variable] = value });

        Assert.Null(result.Options);
        Assert.StartsWith(variable + " ", result.Error);
    }

    [Fact]
    public void Without_a_game_protocol_the_proxy_stays_a_plain_byte_proxy()
    {
        var options = Read(Required).Options!;

        Assert.Equal(GameProtocol.None, options.GameProtocol);
        Assert.Equal(0, options.QueryPort);
        Assert.Equal(LastKnownGame.Unknown, options.LastKnown);
        Assert.Equal(TimeSpan.FromSeconds(25), options.LoginTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.QueryPeriod);
    }

    [Theory]
    [InlineData("minecraft-java", "25565/tcp", 25565)]
    [InlineData("valve-a2s", "2456/udp,2457/udp", 2457)]
    [InlineData("valve-a2s", "27015/both", 27015)]
    [InlineData("satisfactory", "7777/both", 7777)]
    public void Game_protocol_picks_its_query_port_from_the_ports(string protocol, string ports, int queryPort)
    {
        var options = Read(new Dictionary<string, string>(Required) { ["GSP_PROXY_GAME_PROTOCOL"] = protocol, ["GSP_PROXY_PORTS"] = ports }).Options!;

        Assert.Equal(queryPort, options.QueryPort);
    }

    [Fact]
    public void Game_protocol_settings_and_last_known_game_are_read()
    {
        var options = Read(new Dictionary<string, string>(Required)
        {
            ["GSP_PROXY_GAME_PROTOCOL"] = "minecraft-java",
            ["GSP_PROXY_QUERY_PORT"] = "25566",
            ["GSP_PROXY_QUERY_SECONDS"] = "3",
            ["GSP_PROXY_LOGIN_TIMEOUT_SECONDS"] = "20",
            ["GSP_PROXY_LAST_VERSION"] = "1.21.1",
            ["GSP_PROXY_LAST_PROTOCOL"] = "767",
            ["GSP_PROXY_LAST_MAX_PLAYERS"] = "20",
        }).Options!;

        Assert.Equal(GameProtocol.MinecraftJava, options.GameProtocol);
        Assert.Equal(25566, options.QueryPort);
        Assert.Equal(TimeSpan.FromSeconds(3), options.QueryPeriod);
        Assert.Equal(TimeSpan.FromSeconds(20), options.LoginTimeout);
        Assert.Equal(new LastKnownGame("1.21.1", 767, 20), options.LastKnown);
    }

    [Fact]
    public void Options_text_never_contains_the_token()
    {
        var options = Read(new Dictionary<string, string>(Required) { ["GSP_PROXY_TOKEN"] = "very-secret" }).Options!;

        Assert.DoesNotContain("very-secret", options.ToString());
    }

    private static ProxyOptionsResult Read(IReadOnlyDictionary<string, string> environment) =>
        ProxyOptionsReader.Read(name => environment.GetValueOrDefault(name));
}
