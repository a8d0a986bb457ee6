using System.Net;
using System.Text;
using Gsp.GameServers;
using Gsp.Tests.Billing;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.GameServers;

/// <summary>
/// A quiet server sleeps one idle window after its last byte (not two), also when its silo restarts in
/// the quiet spell. Real PostgreSQL, an in-memory engine, a sidecar admin endpoint served by the test, and
/// a fake clock; the idle check runs every real second while the fake clock stands still, so "asleep at
/// W, awake at W minus a second" is within one check period.
/// </summary>
[Trait("Category", "PostgreSQL")]
public sealed class AutoSleepTimingTests(BillingCluster cluster) : IClassFixture<BillingCluster>
{
    private static readonly TimeSpan Window = new GameServerOptions().IdleWindow;

    /// <summary>Long enough for several idle checks (one a second) to have run.</summary>
    private static readonly TimeSpan SomeChecks = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_server_sleeps_one_idle_window_after_its_last_player_left()
    {
        using var sidecar = new FakeSidecarActivity();
        var server = await RunningAutoSleepServerAsync(sidecar);
        var lastByte = await PlayAndLeaveAsync(sidecar);

        cluster.Clock.Advance(Window - TimeSpan.FromSeconds(1));
        await Task.Delay(SomeChecks);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        Assert.Equal(lastByte + Window, cluster.Clock.GetUtcNow());
    }

    [Fact]
    public async Task A_silo_restart_in_the_quiet_spell_keeps_it_and_the_server_sleeps_one_window_after_its_last_byte()
    {
        using var sidecar = new FakeSidecarActivity();
        var server = await RunningAutoSleepServerAsync(sidecar);
        var id = server.GetPrimaryKeyString();
        var lastByte = await PlayAndLeaveAsync(sidecar);
        cluster.Clock.Advance(Window / 2);
        await Task.Delay(SomeChecks);

        await cluster.KillAsync();
        await cluster.StartAsync();
        server = cluster.Grains.GetGrain<IGameServerGrain>(id);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);

        cluster.Clock.Advance(Window / 2 - TimeSpan.FromSeconds(1));
        await Task.Delay(SomeChecks);
        Assert.Equal(GameServerStatus.Running, (await server.GetInfoAsync())!.Status);

        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        Assert.Equal(lastByte + Window, cluster.Clock.GetUtcNow());
    }

    private async Task<IGameServerGrain> RunningAutoSleepServerAsync(FakeSidecarActivity sidecar)
    {
        var user = await cluster.NewUserAsync(10m);
        var server = cluster.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(cluster.HostName));
        var created = await server.CreateAsync(new CreateGameServer(user, "sleepy", "demo", new Dictionary<string, string>(), AutoSleep: true));
        Assert.True(created.Succeeded, created.Message);
        await BillingCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        cluster.Engine.SetHostPort(new ServerResources(server.GetPrimaryKeyString()).ProxyContainer, "8081/tcp", sidecar.Port);
        await BillingCluster.WakeAsync(server);
        return server;
    }

    /// <summary>A player is connected for five minutes and leaves; returns the moment of the last byte.</summary>
    private async Task<DateTimeOffset> PlayAndLeaveAsync(FakeSidecarActivity sidecar)
    {
        sidecar.Report(connections: 1, cluster.Clock.GetUtcNow());
        cluster.Clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(SomeChecks);
        var lastByte = cluster.Clock.GetUtcNow();
        sidecar.Report(connections: 0, lastByte);
        return lastByte;
    }

    /// <summary>A sidecar's <c>/activity</c> endpoint on loopback, answering what the test last reported.</summary>
    private sealed class FakeSidecarActivity : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task serving;
        private volatile string body = "";

        public FakeSidecarActivity()
        {
            Port = FreePort.Next();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            Report(0, DateTimeOffset.UnixEpoch);
            serving = ServeAsync();
        }

        public int Port { get; }

        public void Report(int connections, DateTimeOffset lastByte) =>
            body = $$"""{"serverId":"any","tcpConnections":{{connections}},"udpSessions":0,"heldClients":0,"lastActivityUnixMs":{{lastByte.ToUnixTimeMilliseconds()}}}""";

        public void Dispose()
        {
            listener.Close();
            _ = serving;
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.ContentType = "application/json";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}
