using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Containers;

/// <summary>
/// The IPv4 range servers' private networks take their subnets from, cut into subnets of one prefix
/// length. GSP picks each network's subnet itself instead of leaving it to the engine, whose default
/// pools hold about 30 networks; a /16 of /29 subnets holds 8,192.
/// </summary>
public sealed class SubnetPool
{
    private SubnetPool(IPNetwork range, int prefixLength)
    {
        Range = range;
        PrefixLength = prefixLength;
    }

    public IPNetwork Range { get; }

    /// <summary>The prefix length of each server's subnet.</summary>
    public int PrefixLength { get; }

    /// <summary>How many subnets the pool holds.</summary>
    public long Count => 1L << (PrefixLength - Range.PrefixLength);

    /// <summary>Parses a pool such as <c>10.230.0.0/16</c> cut into <c>/</c><paramref name="prefixLength"/> subnets.</summary>
    public static bool TryParse(string range, int prefixLength, [NotNullWhen(true)] out SubnetPool? pool, [NotNullWhen(false)] out string? error)
    {
        pool = null;
        if (!IPNetwork.TryParse(range, out var network) || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            error = $"'{range}' is not an IPv4 range such as 10.230.0.0/16";
            return false;
        }

        if (!IPAddress.TryParse(range.Split('/')[0], out var written) || !written.Equals(network.BaseAddress))
        {
            error = $"'{range}' has host bits set; write its first address";
            return false;
        }

        if (prefixLength < network.PrefixLength || prefixLength > 32 - 3 || Size(prefixLength) < NetworkAddressPlan.Highest + 2)
        {
            error = $"subnets of /{prefixLength} do not fit the pool '{range}' or hold the {NetworkAddressPlan.Highest + 2} addresses a server's network needs";
            return false;
        }

        pool = new SubnetPool(network, prefixLength);
        error = null;
        return true;
    }

    /// <summary>Every subnet of the pool, lowest first.</summary>
    public IEnumerable<IPNetwork> Subnets()
    {
        var first = Value(Range.BaseAddress);
        for (long i = 0; i < Count; i++)
        {
            yield return new IPNetwork(Address(first + (uint)(i * Size(PrefixLength))), PrefixLength);
        }
    }

    /// <summary>Host number <paramref name="index"/> of <paramref name="subnet"/> (see <see cref="NetworkAddressPlan"/>).</summary>
    public static IPAddress Address(IPNetwork subnet, int index) => Address(Value(subnet.BaseAddress) + (uint)index);

    /// <summary>The range of <paramref name="prefixLength"/> that holds <paramref name="address"/> (an interface's network).</summary>
    public static IPNetwork Containing(IPAddress address, int prefixLength)
    {
        var mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return new IPNetwork(Address(Value(address) & mask), prefixLength);
    }

    /// <summary>Whether two ranges share any address.</summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>
    /// Host number <paramref name="index"/> of every subnet of the pool as one address and (non-contiguous)
    /// mask, e.g. <c>10.230.0.2/255.255.0.7</c>: what a firewall rule matches to mean "every sidecar".
    /// </summary>
    public (IPAddress Address, IPAddress Mask) Pattern(int index)
    {
        var rangeMask = Range.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - Range.PrefixLength);
        var hostMask = (uint)(Size(PrefixLength) - 1);
        return (Address(Value(Range.BaseAddress) + (uint)index), Address(rangeMask | hostMask));
    }

    public override string ToString() => $"{Range} in /{PrefixLength} subnets";

    private static long Size(int prefixLength) => 1L << (32 - prefixLength);

    private static uint Value(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress Address(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
