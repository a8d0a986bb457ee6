using Gsp.ClusterSecurity;
using Gsp.Hosts;
using Gsp.Silo.Hosting;
using Gsp.Tests.Cluster;
using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Gsp.Tests.Security;

/// <summary>
/// One production silo process with its cluster CA, on real PostgreSQL and the real Docker engine, and
/// a way to start Orleans clients against it with any certificate (or none).
/// </summary>
public sealed class TlsSilo : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public string ClusterId { get; } = "tls-" + Guid.NewGuid().ToString("N")[..8];

    public TestCertificateAuthority Authority { get; } = new();

    public int GatewayPort { get; } = FreePort.Next();

    public TestDatabase Database { get; private set; } = null!;

    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var ports = TestPorts.NextBlock();
        var environment = Authority.Environment(ClusterId);
        environment["ConnectionStrings__Gsp"] = Database.ConnectionString;
        environment["Gsp__Cluster__ClusterId"] = ClusterId;
        environment["Gsp__Cluster__ServiceId"] = ClusterId;
        environment["Gsp__Cluster__SiloPort"] = FreePort.Next().ToString();
        environment["Gsp__Cluster__GatewayPort"] = GatewayPort.ToString();
        environment["Gsp__Cluster__AdvertisedAddress"] = "127.0.0.1";
        environment["Gsp__Cluster__ApplySchemaOnStart"] = "false";
        environment["Gsp__Host__Name"] = ClusterId;
        environment["Gsp__Host__DockerEndpoint"] = TestDocker.Endpoint;
        environment["Gsp__Host__PublicPortFirst"] = ports.First.ToString();
        environment["Gsp__Host__PublicPortLast"] = ports.Last.ToString();
        environment[$"Gsp__Host__ExtraLabels__{Gsp.Containers.ContainerLabels.Test}"] = "true";
        environment["Gsp__Wake__Secret"] = GspTestCluster.WakeSecret;
        environment["Gsp__Wake__WebhookUrl"] = "http://127.0.0.1:9/api/webhook/wake";
        Silo = SiloProcess.Start(ClusterId, environment);

        // The silo is ready once a client with the cluster's certificate gets an answer.
        var settings = Authority.WriteFiles("ready-probe");
        await Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    using var client = await StartClientAsync(o => TestCertificateAuthority.ConfigureClient(o, settings));
                    return await ListHostsAsync(client);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    return null;
                }
            },
            hosts => hosts is not null,
            Patience);
    }

    /// <summary>Starts a client of this cluster (one attempt to reach the gateway), configured further by the test.</summary>
    public Task<IHost> StartClientAsync(Action<IClientBuilder> configure) =>
        ClusterClients.StartAsync(ClusterId, Database.ConnectionString, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), configure);

    public static Task<IReadOnlyList<HostView>> ListHostsAsync(IHost client) =>
        client.Services.GetRequiredService<IClusterClient>().GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).ListHostsAsync();

    public async Task DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Authority.Dispose();
    }
}
