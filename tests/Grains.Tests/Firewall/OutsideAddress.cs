using System.Diagnostics;

namespace Gsp.Tests.Firewall;

/// <summary>
/// An address outside the host: a network namespace with a TEST-NET-2 address (198.51.100.2), joined to the
/// host by a veth pair (host side 198.51.100.1) and serving TCP on one port. Removed on dispose.
/// </summary>
internal sealed class OutsideAddress : IAsyncDisposable
{
    public const string Address = "198.51.100.2";
    public const int Port = 18080;

    private readonly string name = "gspfw" + Guid.NewGuid().ToString("N")[..6];
    private Process? server;

    private string HostVeth => name + "h";

    public async Task StartAsync()
    {
        await HostCommand.MustAsync("ip", "netns", "add", name);
        await HostCommand.MustAsync("ip", "link", "add", HostVeth, "type", "veth", "peer", "name", name + "n");
        await HostCommand.MustAsync("ip", "link", "set", name + "n", "netns", name);
        await HostCommand.MustAsync("ip", "addr", "add", "198.51.100.1/24", "dev", HostVeth);
        await HostCommand.MustAsync("ip", "link", "set", HostVeth, "up");
        await HostCommand.MustAsync("ip", "netns", "exec", name, "ip", "addr", "add", Address + "/24", "dev", name + "n");
        await HostCommand.MustAsync("ip", "netns", "exec", name, "ip", "link", "set", name + "n", "up");
        await HostCommand.MustAsync("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", name, "python3", "-m", "http.server", Port.ToString(), "--bind", Address])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        await Infrastructure.Eventually.ValueAsync(
            async () => (await HostCommand.RunAsync("timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{Address}/{Port}")).ExitCode == 0,
            up => up,
            TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        await HostCommand.RunAsync("ip", "link", "del", HostVeth);
        await HostCommand.RunAsync("ip", "netns", "del", name);
    }
}
