using System.Net;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Tests.Udp;

public sealed class RefusedAddressMemoTests
{
    private static readonly IPAddress Flooder = IPAddress.Parse("198.51.100.7");

    [Theory]
    [InlineData("198.51.100.7")]
    [InlineData("2001:db8::7")]
    public void An_address_refused_for_its_cap_is_refused_again_from_any_port_until_a_place_is_given_back(string text)
    {
        var address = IPAddress.Parse(text);
        var quota = new AddressQuota(total: 10, perAddress: 1);
        var memo = new RefusedAddressMemo(quota);
        Assert.Equal(QuotaVerdict.Admitted, quota.TryAcquire(address));
        Assert.Equal(QuotaVerdict.OverAddress, quota.TryAcquire(address));

        memo.Remember(new IPEndPoint(address, 40_000).Serialize(), address);

        Assert.True(memo.Refuses(new IPEndPoint(address, 40_001).Serialize()));
        Assert.True(memo.Refuses(new IPEndPoint(address, 9).Serialize()));
        Assert.Equal(address, memo.Address);
        quota.Release(address);
        Assert.False(memo.Refuses(new IPEndPoint(address, 40_001).Serialize()));
    }

    [Fact]
    public void Other_addresses_are_not_refused_by_the_memo()
    {
        var quota = new AddressQuota(total: 10, perAddress: 1);
        var memo = new RefusedAddressMemo(quota);
        Assert.False(memo.Refuses(new IPEndPoint(Flooder, 1).Serialize()));

        memo.Remember(new IPEndPoint(Flooder, 1).Serialize(), Flooder);

        Assert.False(memo.Refuses(new IPEndPoint(IPAddress.Parse("198.51.100.8"), 1).Serialize()));
        Assert.False(memo.Refuses(new IPEndPoint(IPAddress.Parse("::ffff:198.51.100.8"), 1).Serialize()));
    }
}
