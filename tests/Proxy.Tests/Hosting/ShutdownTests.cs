using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Shutdown_stops_accepting_but_lets_active_relays_finish()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port]) with { ShutdownGrace = TimeSpan.FromSeconds(30) };
        var proxy = TestProxy.Start(options);
        var endpoint = proxy.TcpEndPointFor(game.Port);
        using var client = await TestProxy.ConnectAsync(endpoint);
        await client.SendAsync("before"u8.ToArray());
        await TestProxy.ReceiveExactlyAsync(client, 6);

        var stopwatch = Stopwatch.StartNew();
        var stopping = proxy.StopAsync();
        await Assert.ThrowsAsync<SocketException>(() => TestProxy.ConnectAsync(endpoint));

        await client.SendAsync("during"u8.ToArray());
        Assert.Equal("during", Encoding.ASCII.GetString(await TestProxy.ReceiveExactlyAsync(client, 6)));
        Assert.False(stopping.IsCompleted);

        client.Shutdown(SocketShutdown.Send);
        Assert.True(await TestProxy.ClosedCleanlyAsync(client, TimeSpan.FromSeconds(20)));
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(stopwatch.Elapsed < options.ShutdownGrace, "shutdown waited for the full grace period instead of the relay");
    }

    [Fact]
    public async Task Shutdown_cuts_relays_that_outlive_the_grace_period()
    {
        using var game = new FakeTcpGame(listening: true);
        await using var backend = FakeWakeBackend.Always(202);
        var options = TestProxy.Options(backend.Url, [game.Port]) with { ShutdownGrace = TimeSpan.FromMilliseconds(200) };
        var proxy = TestProxy.Start(options);
        using var client = await TestProxy.ConnectAsync(proxy.TcpEndPointFor(game.Port));
        await client.SendAsync("x"u8.ToArray());
        await TestProxy.ReceiveExactlyAsync(client, 1);

        await proxy.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var scratch = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ended = await Record.ExceptionAsync(async () =>
        {
            while (await client.ReceiveAsync(scratch, SocketFlags.None, timeout.Token) > 0)
            {
            }
        });
        Assert.True(ended is null or SocketException, $"connection did not end: {ended}");
    }
}
