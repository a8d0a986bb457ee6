using System.Net;
using Microsoft.AspNetCore.Http;

namespace Gsp.WebFrontend.Accounts;

/// <summary>
/// Whether a request comes from this machine. The socket's peer address is used, never a forwarded
/// header, so a request relayed by a proxy on this machine counts as local: do not put the development
/// login behind one.
/// </summary>
public static class Loopback
{
    public static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
