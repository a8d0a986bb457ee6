using Gsp.Tests.Infrastructure;
using Gsp.Tests.Processes;
using Orleans.TestingHost;

namespace Gsp.WebFrontend.Tests.Security;

/// <summary>
/// One cluster (in-process silo, real PostgreSQL) and real dashboard processes started by the tests on
/// it, with the development login on and a bootstrap token, as <c>deploy/gsp up</c> configures them.
/// </summary>
public sealed class DashboardPair : IAsyncLifetime
{
    public const string BootstrapToken = "bootstrap-token-for-tests-0123456789abcdef";

    private readonly List<DashboardProcess> started = [];
    private TestCluster cluster = null!;

    public string ClusterId { get; } = "dash-" + Guid.NewGuid().ToString("N")[..8];

    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        cluster = GspTestCluster.CreateBuilder(Database.ConnectionString, ClusterId, ClusterId).Build();
        await cluster.DeployAsync();
    }

    /// <summary>Starts a dashboard on these URLs (one of them 127.0.0.1:port) and waits until it is healthy.</summary>
    public async Task<DashboardProcess> StartDashboardAsync(int port, string? urls = null)
    {
        var dashboard = DashboardProcess.StartOn(urls ?? $"http://127.0.0.1:{port}", port, new Dictionary<string, string>
        {
            ["ConnectionStrings__Gsp"] = Database.ConnectionString,
            ["Gsp__Cluster__ClusterId"] = ClusterId,
            ["Gsp__Cluster__ServiceId"] = ClusterId,
            ["Gsp__Wake__Secret"] = GspTestCluster.WakeSecret,
            ["Gsp__Auth__DevelopmentLogin"] = "true",
            ["Gsp__Auth__BootstrapToken"] = BootstrapToken,
        });
        started.Add(dashboard);
        await dashboard.WaitHealthyAsync(TimeSpan.FromSeconds(90));
        return dashboard;
    }

    /// <summary>Stops a dashboard this fixture started (its port can then be used again).</summary>
    public async Task StopAsync(DashboardProcess dashboard)
    {
        started.Remove(dashboard);
        await dashboard.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var dashboard in started)
        {
            await dashboard.DisposeAsync();
        }

        await cluster.DisposeAsync();
        await Database.DisposeAsync();
    }
}
