using Gsp.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Gsp.Tests.Cluster;

/// <summary>Orleans clients of a test's silo processes: found through the cluster's ADO.NET membership table.</summary>
public static class ClusterClients
{
    /// <summary>
    /// Builds and starts a client of cluster <paramref name="clusterId"/> (its service id too) whose membership
    /// lives in <paramref name="connectionString"/>; <paramref name="configure"/> adds the test's own settings
    /// (certificates, retries). Disposed and rethrown when it does not start within <paramref name="startTimeout"/>.
    /// </summary>
    public static async Task<IHost> StartAsync(
        string clusterId, string connectionString, TimeSpan responseTimeout, TimeSpan startTimeout, Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
            orleans.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            orleans.UseAdoNetClustering(o =>
            {
                o.Invariant = GspSiloBuilderExtensions.AdoNetInvariant;
                o.ConnectionString = connectionString;
            });
            configure(orleans);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(startTimeout);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
