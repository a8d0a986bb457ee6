using System.Net;
using System.Net.Http.Headers;
using Gsp.Accounts;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Silo.Hosting;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;
using Gsp.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Gsp.Tests.Cluster;

/// <summary>
/// A cluster as it runs on real hosts: production silo processes, one per Docker host, on two Docker
/// engines (the first, and the second one <c>deploy/test</c> starts: <c>GSP_TEST_DOCKER2</c>), with
/// PostgreSQL and the real dashboard, plus an Orleans client of the test's own. Membership notices a
/// dead silo within seconds. Removes every Docker object its servers made on both engines.
/// </summary>
public sealed class MultiHostCluster : IAsyncLifetime
{
    public const string SecondEngineVariable = "GSP_TEST_DOCKER2";

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly List<SiloProcess> silos = [];
    private readonly int webPort = FreePort.Next();
    private readonly TestCertificateAuthority authority = new();
    private IHost? client;
    private string? adminToken;

    /// <summary>Each host's name, its engine and memory; every host declares two CPUs.</summary>
    public required IReadOnlyList<(string Name, string Endpoint, int MemoryMb)> Hosts { get; init; }

    /// <summary>How many public ports each host declares (a whole test block when unset): servers each host may hold.</summary>
    public int? PortsPerHost { get; init; }

    /// <summary>More settings every silo gets (<c>Section__Key</c> environment names), e.g. shorter action timeouts.</summary>
    public IReadOnlyDictionary<string, string> SiloSettings { get; init; } = new Dictionary<string, string>();

    public string ServiceId { get; } = "gsp-test-" + Guid.NewGuid().ToString("N")[..8];

    public static string FirstEngine => TestDocker.Endpoint;

    public static string SecondEngine =>
        Environment.GetEnvironmentVariable(SecondEngineVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{SecondEngineVariable} is not set: run the tests with deploy/test, which starts a second Docker engine");

    public TestDatabase Database { get; private set; } = null!;

    public DashboardProcess Dashboard { get; private set; } = null!;

    public IGrainFactory Grains => client!.Services.GetRequiredService<IClusterClient>();

    public IHostDirectoryGrain Directory => Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    public SiloProcess Silo(string hostName) => silos.Single(s => s.HostName == hostName);

    public async Task InitializeAsync()
    {
        _ = SecondEngine;
        Database = await TestDatabase.CreateAsync();
        foreach (var host in Hosts)
        {
            silos.Add(SiloProcess.Start(host.Name, SiloEnvironment(host.Name, host.Endpoint, host.MemoryMb)));
        }

        var dashboardSettings = DashboardProcess.ClusterSettings(Database.ConnectionString, ServiceId);
        foreach (var (key, value) in authority.Environment("dashboard"))
        {
            dashboardSettings[key] = value;
        }

        Dashboard = DashboardProcess.Start(webPort, dashboardSettings);
        client = await StartClientAsync();
        await WaitOnlineAsync([.. Hosts.Select(h => h.Name)]);

        // Creating and waking cost credits.
        await Grains.GetGrain<IWalletGrain>(GameServerCluster.Owner).DepositAsync(new Deposit(GameServerCluster.OwnerCredits, "gsp-test-funds"));
        await Dashboard.WaitHealthyAsync(Patience);
    }

    /// <summary>Waits until the directory lists every one of these hosts as online.</summary>
    public async Task WaitOnlineAsync(params string[] hostNames)
    {
        try
        {
            await Eventually.ValueAsync(
                ListHostsWhileReachableAsync,
                hosts => hostNames.All(name => hosts.Any(h => h.Name == name && h.Online)),
                Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Outputs(), ex);
        }
    }

    /// <summary>
    /// The directory's hosts, or none while the client's gateway is the silo that just stopped (the
    /// client moves to another gateway by itself).
    /// </summary>
    private async Task<IReadOnlyList<HostView>> ListHostsWhileReachableAsync()
    {
        try
        {
            return await Directory.ListHostsAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return [];
        }
    }

    /// <summary>Places and creates a demo server wherever the cluster has room, and waits until it is deployed.</summary>
    public async Task<GameServerInfo> CreateDemoAsync(string name)
    {
        var result = await Grains.CreateAsync(new CreateGameServer(GameServerCluster.Owner, name, "demo", new Dictionary<string, string>(), AutoSleep: false));
        Assert.True(result.Succeeded, result.Message);
        var server = Grains.GetGrain<IGameServerGrain>(result.Server!.Id);
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Sleeping, GameServerStatus.Failed);
        Assert.True(info.Status == GameServerStatus.Sleeping, $"{info.Id} failed: {info.Detail}");
        return info;
    }

    public async Task<GameServerInfo> WakeAsync(string serverId)
    {
        var server = Grains.GetGrain<IGameServerGrain>(serverId);
        var woken = await server.WakeAsync();
        Assert.True(woken.Succeeded, woken.Message);
        return await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status == GameServerStatus.Running, Patience) ?? throw new InvalidOperationException();
    }

    /// <summary>Sends a request to the dashboard's API as an admin (a personal token made through the accounts grain); the status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> AdminApiAsync(HttpMethod method, string path)
    {
        if (adminToken is null)
        {
            var accounts = Grains.GetGrain<IAccountsGrain>(0);
            var admin = await accounts.SignInAsync(new ExternalSignIn("test", "multi-host-admin", "admin@example.com", "Admin", ConfiguredAdmin: true));
            adminToken = (await accounts.CreateTokenAsync(admin.Id, "multi-host"))!.Secret;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, Dashboard.BaseUrl + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The engine a host's containers run on, as the test's own runtime.</summary>
    public DockerContainerRuntime Engine(string hostName) => TestDocker.CreateRuntime(Hosts.Single(h => h.Name == hostName).Endpoint);

    public string Outputs() =>
        string.Join("\n", silos.Select(s => $"--- silo {s.HostName}:\n{Tail(s.Output)}")) + $"\n--- dashboard:\n{Tail(Dashboard?.Output ?? "")}";

    public async Task DisposeAsync()
    {
        // Silos first: a running silo would redeploy what is removed under it.
        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        if (client is not null)
        {
            await client.StopAsync();
            client.Dispose();
        }

        foreach (var endpoint in Hosts.Select(h => h.Endpoint).Distinct())
        {
            using var runtime = TestDocker.CreateRuntime(endpoint);
            await ServiceLeftovers.RemoveAsync(runtime, ServiceId);
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        authority.Dispose();
    }

    private Dictionary<string, string> SiloEnvironment(string hostName, string endpoint, int memoryMb)
    {
        var ports = TestPorts.NextBlock();
        if (PortsPerHost is { } count)
        {
            ports.Last = ports.First + count - 1;
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Gsp"] = Database.ConnectionString,
            ["Gsp__Cluster__ClusterId"] = ServiceId,
            ["Gsp__Cluster__ServiceId"] = ServiceId,
            ["Gsp__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["Gsp__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            ["Gsp__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Gsp__Cluster__ApplySchemaOnStart"] = "false",

            // A killed silo is declared dead within seconds (three missed probes, then every silo reads the
            // table within two seconds) instead of Orleans' production minute. Each probe waits five seconds,
            // though: on a loaded two-core machine a live silo can stall for a second or two, and a shorter
            // probe declared such silos dead mid-test (their callers then met ConnectionRefused).
            ["Gsp__Cluster__Membership__ProbeTimeout"] = "00:00:05",
            ["Gsp__Cluster__Membership__NumMissedProbesLimit"] = "3",
            ["Gsp__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Gsp__Host__Name"] = hostName,
            ["Gsp__Host__DockerEndpoint"] = endpoint,
            ["Gsp__Host__PublicPortFirst"] = ports.First.ToString(),
            ["Gsp__Host__PublicPortLast"] = ports.Last.ToString(),
            ["Gsp__Host__PublicAddress"] = "127.0.0.1",
            ["Gsp__Host__MemoryMb"] = memoryMb.ToString(),
            ["Gsp__Host__Cpus"] = "2",
            [$"Gsp__Host__ExtraLabels__{ContainerLabels.Test}"] = "true",
            ["Gsp__Wake__Secret"] = GspTestCluster.WakeSecret,
            ["Gsp__Wake__WebhookUrl"] = $"http://host.docker.internal:{webPort}/api/webhook/wake",
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
        };
        foreach (var (key, value) in authority.Environment(hostName).Concat(SiloSettings))
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task<IHost> StartClientAsync()
    {
        try
        {
            return await ClusterClients.StartAsync(ServiceId, Database.ConnectionString, TimeSpan.FromSeconds(15), Patience, orleans =>
            {
                TestCertificateAuthority.ConfigureClient(orleans, authority.WriteFiles("test-client"));
                orleans.UseConnectionRetryFilter(async (_, cancellationToken) =>
                {
                    await Task.Delay(500, cancellationToken);
                    return true;
                });
            });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException("the test's client reached no silo:\n" + Outputs(), ex);
        }
    }

    private static string Tail(string output) => string.Join("\n", output.Split('\n').TakeLast(40));
}
