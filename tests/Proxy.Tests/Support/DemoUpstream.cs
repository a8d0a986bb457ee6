using System.Net;
using System.Net.Sockets;
using Gsp.DemoGame;
using Gsp.DemoGame.Configuration;

namespace Gsp.Proxy.Tests.Support;

/// <summary>
/// The real demo game as the proxy's upstream, on a loopback port chosen up front (free for TCP and UDP) but
/// started only when the test says so, the way a woken container starts listening.
/// </summary>
public sealed class DemoUpstream : IAsyncDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("gsp-proxy-demo-").FullName;
    private DemoServer? server;

    public int Port { get; } = FreeTcpAndUdpPort();

    public bool Started => Volatile.Read(ref server) is not null;

    public int OnlinePlayers => server?.Players.Online ?? 0;

    /// <summary>Starts listening on <see cref="Port"/> (TCP and UDP); logins stay online until the client leaves.</summary>
    public async Task StartAsync()
    {
        var demo = new DemoServer(
            new DemoOptions
            {
                Ports = [new(Port, TransportProtocol.Tcp), new(Port, TransportProtocol.Udp)],
                BindAddress = IPAddress.Loopback,
                DataDirectory = dataDirectory,
                LogSeconds = 0,
                SaveSeconds = 0,
                Motd = "Demo behind the proxy",
                MaxPlayers = 42,
                AcceptLogins = true,
            },
            new GameLog(TextWriter.Null, TimeProvider.System),
            TimeProvider.System);
        await demo.StartAsync(CancellationToken.None);
        Volatile.Write(ref server, demo);
    }

    /// <summary>Starts the game from the wake webhook's thread without blocking its answer.</summary>
    public void StartInBackground() => _ = Task.Run(StartAsync);

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>
    /// A port free for TCP and UDP below the kernel's ephemeral range (32768 and up by default): the game binds it only
    /// when started, seconds later maybe, and a port from that range could meanwhile be handed to any socket the
    /// parallel tests open without binding.
    /// </summary>
    private static int FreeTcpAndUdpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_768);
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
            }
        }
    }
}
