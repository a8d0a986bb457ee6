using System.Diagnostics;
using System.Net;

namespace Gsp.WebFrontend.Tests.Security;

/// <summary>
/// A non-loopback address of this machine that the test owns: a veth pair (both ends on this machine,
/// so nothing leaves it) with one address from 198.18.0.0/15 (reserved for benchmarks, never routed),
/// removed on dispose. Needs root (CAP_NET_ADMIN).
/// </summary>
public sealed class DummyAddress : IDisposable
{
    private DummyAddress(string interfaceName, IPAddress address)
    {
        InterfaceName = interfaceName;
        Address = address;
    }

    public string InterfaceName { get; }

    public IPAddress Address { get; }

    public static DummyAddress Create()
    {
        var name = "gspt" + Guid.NewGuid().ToString("N")[..8];
        var address = new IPAddress([198, 18, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);
        Ip("link", "add", name, "type", "veth", "peer", "name", name + "p");
        var dummy = new DummyAddress(name, address);
        try
        {
            Ip("addr", "add", $"{address}/32", "dev", name);
            Ip("link", "set", name, "up");
            Ip("link", "set", name + "p", "up");
            return dummy;
        }
        catch
        {
            dummy.Dispose();
            throw;
        }
    }

    /// <summary>Deleting one end of a veth pair deletes both.</summary>
    public void Dispose() => Ip("link", "delete", InterfaceName);

    private static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (the test needs root): {error}");
        }
    }
}
