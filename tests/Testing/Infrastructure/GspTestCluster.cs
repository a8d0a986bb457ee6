using System.Collections.Concurrent;
using Gsp.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Gsp.Tests.Infrastructure;

/// <summary>
/// Builds Orleans test clusters wired exactly like production silos: ADO.NET clustering, grain state
/// and reminders on a real PostgreSQL database.
/// </summary>
public static class GspTestCluster
{
    /// <summary>The wake secret of every test cluster.</summary>
    public const string WakeSecret = "test-wake-secret-0123456789";

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
            [$"Gsp:Host:ExtraLabels:{Gsp.Containers.ContainerLabels.Test}"] = "true",

            // Room for every server a test makes, whatever the machine; placement tests declare less.
            ["Gsp:Host:MemoryMb"] = "65536",
            ["Gsp:Host:Cpus"] = "64",
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
