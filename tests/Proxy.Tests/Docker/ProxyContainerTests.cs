using System.Net;
using System.Net.Sockets;
using System.Text;
using Gsp.Proxy.Tests.Support;

namespace Gsp.Proxy.Tests.Docker;

public sealed class ProxyContainerTests
{
    private static string ProxyImage => SidecarContainer.Image;
    private const int GamePort = 25565;

    [DemoGameImageFact]
    public async Task Proxy_container_relays_to_game_container_over_private_network()
    {
        Assert.True(DockerCli.ImageExists(ProxyImage), $"{ProxyImage} is missing: run deploy/docker/proxy/stage.sh OUTDIR && docker build -t {ProxyImage} OUTDIR");
        var id = Guid.NewGuid().ToString("N")[..10];
        var network = $"gsp-test-net-{id}";
        var game = $"gsp-test-game-{id}";
        var proxy = $"gsp-test-proxy-{id}";
        try
        {
            await DockerCli.CheckedAsync("network", "create", "--label", "gsp.test=true", network);
            // The game publishes nothing: the only way in is through the proxy on the private network.
            await DockerCli.CheckedAsync(
                "run", "-d", "--name", game, "--label", "gsp.test=true", "--network", network, "--network-alias", "game",
                "-e", $"DEMO_PORTS={GamePort}/tcp", DemoGameImageFactAttribute.GameImage);
            await DockerCli.CheckedAsync(
                "run", "-d", "--name", proxy, "--label", "gsp.test=true", "--network", network,
                "-p", $"127.0.0.1::{GamePort}/tcp",
                "-e", $"GSP_PROXY_PORTS={GamePort}/tcp",
                "-e", "GSP_PROXY_UPSTREAM_HOST=game",
                "-e", "GSP_PROXY_WAKE_URL=http://127.0.0.1:9/unused",
                "-e", "GSP_PROXY_SERVER_ID=docker-test",
                "-e", "GSP_PROXY_TOKEN=docker-test-token",
                "-e", "GSP_PROXY_HOLD_SECONDS=30",
                ProxyImage);
            var hostPort = int.Parse((await DockerCli.CheckedAsync("port", proxy, $"{GamePort}/tcp")).Split('\n')[0].Split(':')[^1]);

            // The proxy holds the client until the game accepts, so no readiness polling is needed here.
            using var client = await ConnectWithRetryAsync(new IPEndPoint(IPAddress.Loopback, hostPort));
            var payload = Encoding.ASCII.GetBytes("GSP-PING-through-docker-0123456789\n");
            await client.SendAsync(payload);

            Assert.Equal(payload, await TestProxy.ReceiveExactlyAsync(client, payload.Length, TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await DockerCli.RunAsync("rm", "-f", "-v", proxy, game);
            await DockerCli.RunAsync("network", "rm", network);
        }
    }

    // Docker's port forwarder accepts before the container's listener exists only for a short moment
    // after `docker run` returns; a refused connect then is start-up, not a proxy failure.
    private static async Task<Socket> ConnectWithRetryAsync(IPEndPoint endpoint)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TestProxy.ConnectAsync(endpoint);
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
