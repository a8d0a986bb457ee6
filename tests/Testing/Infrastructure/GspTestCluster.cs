using System.Collections.Concurrent;
using Gsp.Containers;
using Gsp.Silo.Hosting;
using Gsp.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gsp.Tests.Infrastructure;

/// <summary>
/// The one Orleans test-cluster fixture: in-process silos wired exactly like production (ADO.NET
/// clustering, grain state and reminders) on a fresh PostgreSQL database, with what a test varies —
/// a fake clock, a fake engine instead of the real Docker engine, extra settings, more services — as
/// init-only options. Use it as a class fixture, or <c>await using</c> it in one test; start, stop and
/// kill it again on the same database to prove what survives a restart. The named fixtures
/// (<c>GameServerCluster</c>, <c>BillingCluster</c>, ...) only configure this one.
/// </summary>
public sealed class GspTestCluster : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The wake secret of every test cluster.</summary>
    public const string WakeSecret = "test-wake-secret-0123456789-0123456789";

    private readonly TestDatabase? sharedDatabase;
    private TestCluster? cluster;

    /// <summary>A cluster on a database of its own, made on start and dropped on dispose.</summary>
    public GspTestCluster()
    {
    }

    /// <summary>A cluster on a database the test owns (several clusters in turn on the same data); not dropped on dispose.</summary>
    public GspTestCluster(TestDatabase database)
    {
        sharedDatabase = database;
        Database = database;
    }

    /// <summary>The Orleans service: grain state and reminders belong to it, so a restart keeps it.</summary>
    public string ServiceId { get; init; } = "gsp-test-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The Orleans cluster; the service id unless set.</summary>
    public string? ClusterId { get; init; }

    /// <summary>
    /// Each start gets a cluster id of its own (the service id plus a suffix), so a start after a kill
    /// does not wait for the dead silo to be declared dead.
    /// </summary>
    public bool FreshClusterIdEachStart { get; init; }

    public short Silos { get; init; } = 1;

    /// <summary>Settings beside (or instead of) the production defaults, as configuration keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The grains' clock (<see cref="PlatformClock"/>); Orleans itself keeps real time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>An engine instead of the real Docker engine (an in-memory one), which outlives restarts.</summary>
    public IContainerRuntime? Engine { get; init; }

    /// <summary>Services registered after the production wiring, so they win.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>The running cluster; a new one after each <see cref="StartAsync"/>.</summary>
    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster is not started");

    public IGrainFactory Grains => Cluster.GrainFactory;

    /// <summary>The first silo's name, which is its host's name.</summary>
    public string HostName => Cluster.Silos[0].Name;

    public async Task InitializeAsync() => await StartAsync();

    /// <summary>Starts a cluster on this fixture's database (made on the first start): a first start or a restart.</summary>
    public async Task StartAsync()
    {
        Database ??= await TestDatabase.CreateAsync();
        var clusterId = ClusterId ?? ServiceId;
        if (FreshClusterIdEachStart)
        {
            clusterId += "-" + Guid.NewGuid().ToString("N")[..6];
        }

        cluster = CreateBuilder(Database.ConnectionString, clusterId, ServiceId, Silos, Settings, ConfigureServices).Build();
        await cluster.DeployAsync();
    }

    /// <summary>Stops every silo in order (their grains deactivate), and lets the cluster go: what a rolling restart looks like.</summary>
    public async Task StopAsync()
    {
        await StopSilosAsync();
        await ReleaseClusterAsync();
    }

    /// <summary>Kills the first silo without a goodbye (what a crashed host process looks like), and lets the cluster go.</summary>
    public async Task KillAsync()
    {
        await Cluster.KillSiloAsync(Cluster.Silos[0]);
        await ReleaseClusterAsync();
    }

    /// <summary>Stops the silos, keeping the cluster object: before removing what they made, which a running silo would redeploy.</summary>
    public async Task StopSilosAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await StopSilosAsync();
        await ReleaseClusterAsync();
        if (sharedDatabase is null && Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task ReleaseClusterAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
            cluster = null;
        }
    }

    private Action<IServiceCollection>? ConfigureServices =>
        Clock is null && Engine is null && Services is null
            ? null
            : services =>
            {
                if (Engine is not null)
                {
                    services.AddSingleton(Engine);
                }

                if (Clock is not null)
                {
                    services.AddKeyedSingleton(PlatformClock.Key, Clock);
                }

                Services?.Invoke(services);
            };

    /// <summary>
    /// The builder under every test cluster: production wiring on <paramref name="connectionString"/>,
    /// the real Docker engine, reminders in seconds, and the test's <paramref name="settings"/> and
    /// <paramref name="services"/>. Prefer the fixture; this is for a test that needs the builder itself.
    /// </summary>
    public static TestClusterBuilder CreateBuilder(
        string connectionString,
        string clusterId,
        string serviceId,
        short silos = 1,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = serviceId;
        builder.Options.UseTestClusterMembership = false;

        // Real sockets, as in production, so a dashboard in another process can reach the gateway.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Gsp"] = connectionString,
            ["Gsp:Host:DockerEndpoint"] = TestDocker.Endpoint,
            ["Gsp:Host:NetworkPool"] = TestDocker.NetworkPool,
            ["Gsp:Wake:Secret"] = WakeSecret,
            [$"Gsp:Host:ExtraLabels:{ContainerLabels.Test}"] = "true",

            // Room for every server a test makes, whatever the machine; placement tests declare less.
            ["Gsp:Host:MemoryMb"] = "65536",
            ["Gsp:Host:Cpus"] = "64",
            ["Gsp:GameServers:ProxyImage"] = TestDocker.ProxyImage,
        }));
        if (settings is not null)
        {
            builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        }

        builder.AddSiloBuilderConfigurator<ProductionWiring>();
        builder.AddClientBuilderConfigurator<ProductionClientWiring>();
        if (services is not null)
        {
            // Silo configurators are types, so the test's replacements travel by a key in the configuration.
            var key = Guid.NewGuid().ToString("N");
            Replacements[key] = services;
            builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ReplacementsKey] = key }));
            builder.AddSiloBuilderConfigurator<ReplacementWiring>();
        }

        return builder;
    }

    private const string ReplacementsKey = "Gsp:Test:Replacements";

    private static readonly ConcurrentDictionary<string, Action<IServiceCollection>> Replacements = new();

    /// <summary>Registers a test's services after the production wiring, so they win (a fake clock, a fake engine).</summary>
    private sealed class ReplacementWiring : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            Replacements[siloBuilder.Configuration[ReplacementsKey]!](siloBuilder.Services);
    }

    private sealed class ProductionWiring : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddGspSiloCore(siloBuilder.Configuration.GetConnectionString("Gsp")!);

            // Production keeps Orleans' one-minute floor; tests prove reminder behaviour in seconds.
            siloBuilder.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class ProductionClientWiring : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = GspSiloBuilderExtensions.AdoNetInvariant;
                o.ConnectionString = configuration.GetConnectionString("Gsp");
            });
    }
}
