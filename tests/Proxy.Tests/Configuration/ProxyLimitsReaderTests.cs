using Gsp.Proxy.Configuration;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Tests.Configuration;

public sealed class ProxyLimitsReaderTests
{
    [Fact]
    public void Unset_caps_take_the_documented_defaults()
    {
        Assert.Equal(new ProxyLimits(), ProxyOptionsReader.ReadLimits(_ => null));
    }

    [Fact]
    public void Default_per_address_caps_leave_most_of_each_port_to_other_addresses()
    {
        var limits = new ProxyLimits();

        Assert.True(limits.UdpSessionsPerAddress * 4 <= limits.UdpSessionsPerListener);
        Assert.True(limits.TcpConnectionsPerAddress * 4 <= limits.TcpConnections);
    }

    [Fact]
    public void Each_cap_is_read_from_its_variable()
    {
        var environment = new Dictionary<string, string>
        {
            ["GSP_PROXY_UDP_SESSIONS"] = "100",
            ["GSP_PROXY_UDP_SESSIONS_PER_ADDRESS"] = "10",
            ["GSP_PROXY_UDP_WAKE_BUFFER_BYTES"] = "65536",
            ["GSP_PROXY_TCP_CONNECTIONS"] = "200",
            ["GSP_PROXY_TCP_CONNECTIONS_PER_ADDRESS"] = "20",
            ["GSP_PROXY_TCP_HELD_BYTES"] = "131072",
        };

        var limits = ProxyOptionsReader.ReadLimits(name => environment.GetValueOrDefault(name));

        Assert.Equal(
            new ProxyLimits
            {
                UdpSessionsPerListener = 100, UdpSessionsPerAddress = 10, UdpWakeBufferBytes = 65536,
                TcpConnections = 200, TcpConnectionsPerAddress = 20, TcpHeldBytes = 131072,
            },
            limits);
    }

    [Theory]
    [InlineData("GSP_PROXY_UDP_SESSIONS", "0")]
    [InlineData("GSP_PROXY_TCP_HELD_BYTES", "lots")]
    public void A_cap_that_is_not_a_positive_integer_is_a_configuration_error(string name, string value)
    {
        Assert.Throws<FormatException>(() => ProxyOptionsReader.ReadLimits(n => n == name ? value : null));
    }
}
