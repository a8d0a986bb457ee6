using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Limits;

/// <summary>
/// The last source address an <see cref="AddressQuota"/> refused for its per-address cap, as raw socket address bytes,
/// so that the next datagrams of a flood from that address (each from a new source port) are refused without a copy
/// of the address, an endpoint, the quota's lock or a dictionary lookup. Valid until the quota gives back a place.
/// One owner thread (a port's relay loop).
/// </summary>
internal sealed class RefusedAddressMemo(AddressQuota quota)
{
    /// <summary>The port: bytes 2–3 of both <c>sockaddr_in</c> and <c>sockaddr_in6</c>.</summary>
    private const int PortOffset = 2;
    private const int PortBytes = 2;

    private readonly byte[] address = new byte[SocketAddress.GetMaximumAddressSize(AddressFamily.InterNetworkV6)];
    private int size;
    private long releases = -1;

    /// <summary>The refused address, for the log line.</summary>
    public IPAddress? Address { get; private set; }

    /// <summary>Whether <paramref name="source"/> comes from the remembered address (any port) and nothing was given
    /// back since it was refused.</summary>
    public bool Refuses(SocketAddress source)
    {
        if (size == 0 || source.Size != size || quota.Releases != releases)
        {
            return false;
        }

        var bytes = source.Buffer.Span[..size];
        return bytes[..PortOffset].SequenceEqual(address.AsSpan(0, PortOffset))
               && bytes[(PortOffset + PortBytes)..].SequenceEqual(address.AsSpan(PortOffset + PortBytes, size - PortOffset - PortBytes));
    }

    /// <summary>Remembers that <paramref name="source"/>'s address was refused for its own cap just now.</summary>
    public void Remember(SocketAddress source, IPAddress refused)
    {
        releases = quota.Releases;
        size = source.Size;
        source.Buffer.Span[..size].CopyTo(address);
        Address = refused;
    }
}
