using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Silo.Firewall;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gsp.Tests.Firewall;

/// <summary>
/// The host firewall on the real engine, on a pool of its own (so its rules filter only this class's
/// servers): from inside a real game container nothing of the host or the other servers answers, public
/// addresses do unless the owner turned internet access off, and players, the silo and the wake webhook
/// still reach the sidecars. Every rule, namespace and veth made here is removed.
/// </summary>
[Trait("Category", "Docker")]
public sealed class HostFirewallTests : IAsyncLifetime
{
    private const string Pool = "10.232.0.0/16";

    private readonly int webhookPort = FreePort.Next();
    private readonly GameServerCluster fixture;
    private readonly OutsideAddress outside = new();
    private readonly TcpListener webhook;
    private readonly TcpListener anyPort = new(IPAddress.Any, 0);
    private readonly DockerClient docker = new DockerClientConfiguration(new Uri(TestDocker.Endpoint)).CreateClient(new Version("1.41"));
    private readonly HostFirewall firewall;
    private readonly TaskCompletionSource<string> wakeCalls = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostFirewallTests()
    {
        var webhookUrl = $"http://host.docker.internal:{webhookPort}/api/webhook/wake";
        webhook = new TcpListener(IPAddress.Any, webhookPort);
        fixture = new GameServerCluster
        {
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:Host:NetworkPool"] = Pool,
                ["Gsp:Wake:WebhookUrl"] = webhookUrl,
            },
        };
        firewall = new HostFirewall(
            Options.Create(new FirewallOptions()),
            Options.Create(new DockerHostOptions { NetworkPool = Pool }),
            Options.Create(new WakeOptions { WebhookUrl = webhookUrl, Secret = GspTestCluster.WakeSecret }),
            NullLogger<HostFirewall>.Instance);
    }

    public async Task InitializeAsync()
    {
        await fixture.InitializeAsync();
        await outside.StartAsync();
        anyPort.Start();
        webhook.Start();
        _ = ServeWakesAsync();
    }

    public async Task DisposeAsync()
    {
        await firewall.UninstallAsync(CancellationToken.None);
        webhook.Stop();
        anyPort.Stop();
        await outside.DisposeAsync();
        await fixture.DisposeAsync();
        docker.Dispose();
    }

    [Fact]
    public async Task A_game_container_reaches_only_its_own_sidecar_and_public_addresses()
    {
        var online = await RunningAsync(await fixture.CreateDemoAsync());
        var other = await RunningAsync(await fixture.CreateDemoAsync());
        var offline = await RunningAsync(await CreateAsync(internetAccess: false));
        var game = (await fixture.DemoGameAsync()).Ports[0].Number;
        var pid = await PidAsync(online.Id);
        var gateway = await AddressAsync(new ServerResources(online.Id).GameContainer, NetworkAddressPlan.Gateway);
        var anyPortNumber = ((IPEndPoint)anyPort.LocalEndpoint).Port;

        // Without the rules the game reaches the host: what the test sees below is the firewall's doing.
        Assert.True(await HostCommand.ConnectsFromAsync(pid, gateway, anyPortNumber), "the control connection failed before the firewall was on");

        await firewall.EnsureAsync(CancellationToken.None);

        var silo = fixture.Cluster.Silos[0].SiloAddress.Endpoint.Port;
        var gatewayPort = fixture.Cluster.Silos[0].GatewayAddress.Endpoint.Port;
        var postgres = new NpgsqlConnectionStringBuilder(TestDatabase.AdminConnectionString).Port;
        var otherGame = await AddressAsync(new ServerResources(other.Id).GameContainer, NetworkAddressPlan.Game);
        var otherProxy = await AddressAsync(new ServerResources(other.Id).ProxyContainer, NetworkAddressPlan.Proxy);
        var refused = new List<(string Address, int Port)>
        {
            (otherGame, game), (otherProxy, game), (otherProxy, 8081), ("169.254.169.254", 80),
        };
        foreach (var host in HostAddresses().Append(gateway).Distinct())
        {
            refused.AddRange([(host, anyPortNumber), (host, silo), (host, gatewayPort), (host, postgres), (host, webhookPort), (host, other.PublicPort), (host, 2375)]);
        }

        foreach (var (address, port) in refused)
        {
            Assert.False(await HostCommand.ConnectsFromAsync(pid, address, port), $"the game reached {address}:{port}");
        }

        // The sidecar reaches the wake webhook's port on the host, and nothing else of it.
        var sidecar = (await docker.Containers.InspectContainerAsync(new ServerResources(online.Id).ProxyContainer)).State.Pid;
        var dockerHost = HostAddresses().FirstOrDefault(a => a.StartsWith("172.17.", StringComparison.Ordinal)) ?? gateway;
        Assert.True(await HostCommand.ConnectsFromAsync(sidecar, dockerHost, webhookPort), $"the sidecar could not reach the webhook at {dockerHost}:{webhookPort}");
        Assert.False(await HostCommand.ConnectsFromAsync(sidecar, dockerHost, silo), "the sidecar reached the silo port");
        Assert.False(await HostCommand.ConnectsFromAsync(sidecar, dockerHost, anyPortNumber), "the sidecar reached a port of the host other than the webhook's");

        Assert.True(await HostCommand.ConnectsFromAsync(pid, OutsideAddress.Address, OutsideAddress.Port), "a game with internet access could not reach a public address");
        Assert.False(await HostCommand.ConnectsFromAsync(await PidAsync(offline.Id), OutsideAddress.Address, OutsideAddress.Port), "a game without internet access reached a public address");

        // The paths that must keep working: a player through the published port to a running game, the
        // silo's reads of the admin port (the sidecar's way to the webhook is checked above).
        await using (var player = await TcpProbe.ConnectAsync(online.PublicPort))
        {
            Assert.Equal("player", await player.EchoAsync("player", GameServerCluster.Patience));
        }

        var activity = await fixture.ProxyActivityJsonAsync(online.Id);
        Assert.Equal(JsonValueKind.Object, activity.ValueKind);
    }

    [Fact]
    public async Task Internet_access_turned_off_later_takes_effect_on_the_sleeping_server()
    {
        var server = await fixture.CreateDemoAsync();
        await firewall.EnsureAsync(CancellationToken.None);
        Assert.True((await server.SetInternetAccessAsync(GameServerCluster.Owner, false)).Succeeded);
        Assert.False((await server.GetInfoAsync())!.InternetAccess);

        var info = await RunningAsync(server);

        Assert.False(await HostCommand.ConnectsFromAsync(await PidAsync(info.Id), OutsideAddress.Address, OutsideAddress.Port));
        Assert.Equal(
            await AddressAsync(new ServerResources(info.Id).GameContainer, NetworkAddressPlan.OfflineGame),
            await AddressAsync(new ServerResources(info.Id).GameContainer, null));
    }

    [Fact]
    public async Task The_rules_survive_a_restart_of_an_engine()
    {
        await firewall.EnsureAsync(CancellationToken.None);

        await SecondEngine.RestartAsync();

        await firewall.VerifyAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Uninstall_removes_every_rule_and_hook()
    {
        await firewall.EnsureAsync(CancellationToken.None);
        await firewall.UninstallAsync(CancellationToken.None);

        var rules = firewall.Rules;
        Assert.NotEqual(0, (await HostCommand.RunAsync("iptables", "-S", rules.InputChain)).ExitCode);
        Assert.NotEqual(0, (await HostCommand.RunAsync("iptables", "-S", rules.ForwardChain)).ExitCode);
        Assert.DoesNotContain(rules.ForwardChain, (await HostCommand.RunAsync("iptables", "-S", "DOCKER-USER")).Output);
        Assert.DoesNotContain(rules.InputChain, (await HostCommand.RunAsync("iptables", "-S", "INPUT")).Output);
    }

    private async Task<IGameServerGrain> CreateAsync(bool internetAccess)
    {
        var server = fixture.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(fixture.HostName));
        var result = await server.CreateAsync(new CreateGameServer(GameServerCluster.Owner, "test server", "demo", new Dictionary<string, string>(), AutoSleep: false, InternetAccess: internetAccess));
        Assert.True(result.Succeeded, result.Message);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping);
        return server;
    }

    private static async Task<GameServerInfo> RunningAsync(IGameServerGrain server)
    {
        Assert.True((await server.WakeAsync()).Succeeded);
        return await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
    }

    private async Task<long> PidAsync(string serverId) =>
        (await docker.Containers.InspectContainerAsync(new ServerResources(serverId).GameContainer)).State.Pid;

    /// <summary>A container's address on its server network; with <paramref name="index"/>, the plan's address of that subnet instead.</summary>
    private async Task<string> AddressAsync(string container, int? index)
    {
        var endpoint = (await docker.Containers.InspectContainerAsync(container)).NetworkSettings.Networks.Single().Value;
        if (index is not { } number)
        {
            return endpoint.IPAddress;
        }

        var subnet = SubnetPool.Containing(IPAddress.Parse(endpoint.IPAddress), (int)endpoint.IPPrefixLen);
        return SubnetPool.Address(subnet, number).ToString();
    }

    /// <summary>This machine's own IPv4 addresses on its up, non-loopback interfaces that are not servers' bridges.</summary>
    private static IEnumerable<string> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && !n.Name.StartsWith("br-", StringComparison.Ordinal) && !n.Name.StartsWith("veth", StringComparison.Ordinal))
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
            .Select(a => a.Address.ToString());

    /// <summary>The wake webhook's part, enough for a sidecar: any request is recorded, the server named in it woken, 202 answered.</summary>
    private async Task ServeWakesAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await webhook.AcceptTcpClientAsync();
            }
            catch (Exception)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var request = "";
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                while (!request.Contains("\"serverId\"", StringComparison.Ordinal) || !request.TrimEnd().EndsWith('}'))
                {
                    var n = await stream.ReadAsync(buffer, timeout.Token);
                    if (n == 0)
                    {
                        return;
                    }

                    request += System.Text.Encoding.UTF8.GetString(buffer, 0, n);
                }

                var id = System.Text.RegularExpressions.Regex.Match(request, "\"serverId\"\\s*:\\s*\"([^\"]+)\"").Groups[1].Value;
                wakeCalls.TrySetResult(id);
                await fixture.Grains.GetGrain<IGameServerGrain>(id).WakeAsync();
                await stream.WriteAsync("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n{\"status\":\"waking\"}"u8.ToArray());
            }
            catch (Exception)
            {
                // A probe that opens and closes the port sends nothing: not a wake.
            }
        }
    }
}
