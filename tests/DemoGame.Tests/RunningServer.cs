using System.Net;
using Gsp.DemoGame.Configuration;
using Gsp.DemoGame.Net;

namespace Gsp.DemoGame.Tests;

/// <summary>An in-process demo game on loopback ephemeral ports with its own temporary data folder.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly DemoServer _server;

    private RunningServer(DemoServer server, string dataDirectory, StringWriter log)
    {
        _server = server;
        DataDirectory = dataDirectory;
        Log = log;
    }

    public string DataDirectory { get; }

    public StringWriter Log { get; }

    public IPEndPoint Tcp => _server.Endpoints.First(e => e.Protocol == TransportProtocol.Tcp).EndPoint;

    public IPEndPoint Udp => _server.Endpoints.First(e => e.Protocol == TransportProtocol.Udp).EndPoint;

    public int OnlinePlayers => _server.Players.Online;

    public static async Task<RunningServer> StartAsync(Func<DemoOptions, DemoOptions>? configure = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gsp-demo-test-").FullName;
        var options = new DemoOptions
        {
            Ports = [new(0, TransportProtocol.Tcp), new(0, TransportProtocol.Udp)],
            BindAddress = IPAddress.Loopback,
            DataDirectory = dataDirectory,
            LogSeconds = 0,
            SaveSeconds = 0,
            Motd = "Test MOTD §a",
            MaxPlayers = 42,
        };
        var log = new StringWriter();
        var server = new DemoServer(
            configure?.Invoke(options) ?? options, new GameLog(TextWriter.Synchronized(log), TimeProvider.System), TimeProvider.System);
        await server.StartAsync(CancellationToken.None);
        return new RunningServer(server, dataDirectory, log);
    }

    public Task StopAsync() => _server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
    }
}
