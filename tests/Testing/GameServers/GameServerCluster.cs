using Gsp.Catalog;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;
using Gsp.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gsp.Tests.GameServers;

/// <summary>
/// The one test-cluster fixture (<see cref="GspTestCluster"/>) set up for game servers: one silo on real
/// PostgreSQL that drives the real Docker engine, with idle checks every second and a three-second idle
/// window, a funded owner, shared by the tests of one class. Removes every Docker object its servers
/// made, whatever the tests left.
/// </summary>
public sealed class GameServerCluster : IAsyncLifetime
{
    /// <summary>Settings beside (or instead of) the fixture's own, e.g. the wake webhook's address.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The owner of the servers <see cref="CreateDemoAsync"/> makes, funded with <see cref="OwnerCredits"/>.</summary>
    public const string Owner = "user-1";

    public const decimal OwnerCredits = 1000m;

    /// <summary>Services registered after the production wiring (a fake clock, say).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? Services { get; init; }

    /// <summary>The Orleans service id; two fixtures given the same one stand for two installations of one platform.</summary>
    public string ServiceId { get; init; } = "gsp-test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The silo's own services (its sweeper, its host identity), for what the grains do not surface.</summary>
    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Silos[0]).SiloHost.Services;

    /// <summary>The one test-cluster fixture underneath, configured by this one.</summary>
    public GspTestCluster Fixture { get; private set; } = null!;

    public TestDatabase Database => Fixture.Database;

    public TestCluster Cluster => Fixture.Cluster;

    public (int First, int Last) Ports { get; } = TestPorts.NextBlock();

    /// <summary>Where the local backup target keeps this fixture's backups; removed with the fixture.</summary>
    public string BackupFolder { get; } = Path.Combine(Path.GetTempPath(), "gsp-test-backups-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The engine the silo drives; null for the tests' default engine.</summary>
    public string? DockerEndpoint { get; init; }

    /// <summary>The test's own view of the engine, which outlives silo restarts.</summary>
    public IContainerRuntime Containers => containers ??= TestDocker.CreateRuntime(DockerEndpoint);

    private IContainerRuntime? containers;

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The silo's name, which is its host's name; a restarted cluster's silo has the same.</summary>
    public string HostName { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var all = new Dictionary<string, string?>
        {
            ["Gsp:Host:PublicPortFirst"] = Ports.First.ToString(),
            ["Gsp:Host:PublicPortLast"] = Ports.Last.ToString(),
            ["Gsp:GameServers:IdleCheckPeriod"] = "00:00:01",
            ["Gsp:GameServers:IdleWindow"] = "00:00:03",
            ["Gsp:GameServers:StopGrace"] = "00:00:05",
            ["Gsp:Backups:LocalPath"] = BackupFolder,
        };
        if (DockerEndpoint is not null)
        {
            all["Gsp:Host:DockerEndpoint"] = DockerEndpoint;
        }

        foreach (var (key, value) in Settings)
        {
            all[key] = value;
        }

        Fixture = new GspTestCluster { ServiceId = ServiceId, Settings = all, Services = Services };
        await StartAsync();
    }

    /// <summary>Starts a fresh cluster on the same database and service: what a silo restart looks like.</summary>
    public async Task StartAsync()
    {
        await Fixture.StartAsync();

        // Creating and waking cost credits; a restart finds the deposit already made (same reference).
        await Grains.GetGrain<IWalletGrain>(Owner).DepositAsync(new Deposit(OwnerCredits, "gsp-test-funds"));
        var name = Fixture.HostName;
        Assert.True(HostName.Length == 0 || HostName == name, $"the restarted silo is named {name}, not {HostName}");
        HostName = name;
    }

    public Task StopAsync() => Fixture.StopAsync();

    public async Task DisposeAsync()
    {
        if (Fixture is null)
        {
            return;
        }

        // Only this fixture's installation: another fixture may share the service id.
        var installation = Cluster?.Silos.Count > 0 ? SiloServices.GetRequiredService<Gsp.Hosts.IHostIdentity>().InstallationId : null;

        // Silos first: a running silo would redeploy what is removed under it.
        await Fixture.StopSilosAsync();
        await ServiceLeftovers.RemoveAsync(Containers, ServiceId, installation);
        await Fixture.DisposeAsync();
        if (Directory.Exists(BackupFolder))
        {
            Directory.Delete(BackupFolder, recursive: true);
        }

        ((IDisposable)Containers).Dispose();
    }

    /// <summary>Starts the real dashboard on this cluster at <paramref name="port"/>, with <paramref name="extra"/> settings; healthy when returned.</summary>
    /// <remarks>With <paramref name="webhookPort"/> it also listens there, a port that serves only the wake webhook (as under <c>deploy/gsp up</c>).</remarks>
    public async Task<DashboardProcess> StartDashboardAsync(int port, IReadOnlyDictionary<string, string>? extra = null, int? webhookPort = null)
    {
        var settings = DashboardProcess.ClusterSettings(Database.ConnectionString, ServiceId);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var urls = $"http://0.0.0.0:{port}";
        if (webhookPort is { } hook)
        {
            settings["Gsp__Wake__ListenerPort"] = hook.ToString(System.Globalization.CultureInfo.InvariantCulture);
            urls += $";http://0.0.0.0:{hook}";
        }

        var dashboard = DashboardProcess.StartOn(urls, port, settings);
        try
        {
            await dashboard.WaitHealthyAsync(Patience);
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }

        return dashboard;
    }

    /// <summary>Creates a demo server and waits until it is deployed.</summary>
    public async Task<IGameServerGrain> CreateDemoAsync(bool autoSleep = false, bool restartOnCrash = false, string gameId = "demo")
    {
        var id = GameServerIds.New(HostName);
        var server = Grains.GetGrain<IGameServerGrain>(id);
        var result = await server.CreateAsync(new CreateGameServer(Owner, "test server", gameId, new Dictionary<string, string>(), autoSleep, restartOnCrash));
        Assert.True(result.Succeeded, result.Message);
        await WaitForAsync(server, GameServerStatus.Sleeping, GameServerStatus.Failed);
        return server;
    }

    public static async Task<GameServerInfo> WaitForAsync(IGameServerGrain server, params GameServerStatus[] statuses) =>
        (await Eventually.ValueAsync(server.GetInfoAsync, i => i is not null && statuses.Contains(i.Status), Patience))!;

    public async Task<GameDefinition> DemoGameAsync() => (await Grains.GetGrain<ICatalogGrain>(0).GetAsync("demo"))!;

    /// <summary>Adds a variant of the demo game to the catalog (a fresh id) and returns its id.</summary>
    public async Task<string> AddDemoVariantAsync(string prefix, Func<GameDefinition, GameDefinition> change)
    {
        var demo = await DemoGameAsync();
        var variant = change(demo) with { Id = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}" };
        Assert.Empty(await Grains.GetGrain<ICatalogGrain>(0).UpsertAsync(variant));
        return variant.Id;
    }

    /// <summary>The demo game's environment plus <paramref name="extra"/>, for <see cref="AddDemoVariantAsync"/>.</summary>
    public static Dictionary<string, string> DemoEnvironment(GameDefinition demo, params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(demo.Environment);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>
    /// A server's sidecar's own <c>/activity</c> JSON, read through its admin port (published on loopback), for
    /// what the grain does not surface (wake requests made).
    /// </summary>
    public async Task<System.Text.Json.JsonElement> ProxyActivityJsonAsync(string serverId)
    {
        var proxy = await Containers.InspectContainerAsync(new ServerResources(serverId).ProxyContainer, CancellationToken.None);
        Assert.NotNull(proxy);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{proxy.HostPorts["8081/tcp"]}/activity");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WakeTokens.Derive(GspTestCluster.WakeSecret, serverId));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
