using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Admin;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Hosting;

public sealed class ProgramTests
{
    [Theory]
    [InlineData("GSP_PROXY_PORTS", "25565/sctp")]
    [InlineData("GSP_PROXY_PORTS", "")]
    [InlineData("GSP_PROXY_WAKE_URL", "not a url")]
    [InlineData("GSP_PROXY_HOLD_SECONDS", "-5")]
    [InlineData("GSP_PROXY_TOKEN", "")]
    public async Task Invalid_configuration_exits_with_code_2_naming_the_variable(string variable, string value)
    {
        var environment = ValidEnvironment(FreeTcpPort(), FreeTcpPort());
        environment[variable] = value;

        using var process = ProxyProcess.Start(environment);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(variable, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("secret-token", stderr);
    }

    [Fact]
    public async Task Sigterm_releases_held_clients_and_exits_zero()
    {
        await using var backend = FakeWakeBackend.Always(202);
        var port = FreeTcpPort();
        var adminPort = FreeTcpPort();
        var environment = ValidEnvironment(port, adminPort);
        environment["GSP_PROXY_WAKE_URL"] = backend.Url.ToString();
        using var process = ProxyProcess.Start(environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => HealthProbe.RunAsync(adminPort).GetAwaiter().GetResult() == 0, "proxy process to answer /healthz");
            Assert.Equal(0, await ProxyProcess.RunHealthcheckAsync(adminPort));
            using var client = await TestProxy.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            await Eventually.TrueAsync(() => backend.RequestCount == 1, "held client to trigger a wake");

            await ProxyProcess.SignalAsync(process, "TERM");

            Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(20)));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            var log = await stdout;
            Assert.Contains("shutting down", log);
            Assert.DoesNotContain("secret-token", log);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static Dictionary<string, string> ValidEnvironment(int port, int adminPort) => new()
    {
        ["GSP_PROXY_PORTS"] = $"{port}/tcp",
        // The real proxy listens on 0.0.0.0 and relays to the same port number, so an IPv4 loopback upstream
        // would be the proxy itself; IPv6 loopback refuses instantly: a game that is down.
        ["GSP_PROXY_UPSTREAM_HOST"] = "::1",
        ["GSP_PROXY_WAKE_URL"] = "http://127.0.0.1:1/wake",
        ["GSP_PROXY_SERVER_ID"] = "srv-process",
        ["GSP_PROXY_TOKEN"] = "secret-token",
        ["GSP_PROXY_ADMIN_PORT"] = adminPort.ToString(),
        ["GSP_PROXY_HOLD_SECONDS"] = "60",
    };

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
