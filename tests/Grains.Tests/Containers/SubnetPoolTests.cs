using Gsp.Containers;
using Gsp.Hosts;

namespace Gsp.Tests.Containers;

public sealed class SubnetPoolTests
{
    [Fact]
    public void The_default_pool_holds_eight_thousand_server_networks_of_eight_addresses()
    {
        var pool = new DockerHostOptions().Subnets();

        Assert.Equal(8192, pool.Count);
        Assert.Equal(["10.230.0.0/29", "10.230.0.8/29"], pool.Subnets().Take(2).Select(s => s.ToString()));
        Assert.Equal("10.230.255.248/29", pool.Subnets().Last().ToString());
    }

    [Fact]
    public void A_pattern_matches_one_host_number_in_every_subnet_of_the_pool()
    {
        var pool = new DockerHostOptions().Subnets();

        var (address, mask) = pool.Pattern(NetworkAddressPlan.Proxy);

        Assert.Equal("10.230.0.2", address.ToString());
        Assert.Equal("255.255.0.7", mask.ToString());
        Assert.Equal("10.230.0.26", SubnetPool.Address(pool.Subnets().ElementAt(3), NetworkAddressPlan.Proxy).ToString());
    }

    [Theory]
    [InlineData("10.230.0.1/16", 29, "host bits")]
    [InlineData("fd00::/64", 29, "IPv4")]
    [InlineData("10.230.0.0/16", 30, "addresses")]
    [InlineData("10.230.0.0/24", 16, "do not fit")]
    public void A_pool_that_cannot_hold_server_networks_is_refused_with_the_reason(string range, int prefix, string reason)
    {
        var options = new DockerHostOptions { NetworkPool = range, NetworkPrefixLength = prefix };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains(reason, StringComparison.Ordinal));
    }
}
