using Gsp.ClusterSecurity;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dashboard;

namespace Gsp.WebFrontend.Cluster;

/// <summary>Joins the dashboard to the cluster as an Orleans client, finding gateways in PostgreSQL.</summary>
public static class ClusterClientExtensions
{
    public static WebApplicationBuilder AddGspClusterClient(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Gsp");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "no PostgreSQL connection string: set ConnectionStrings:Gsp (environment variable ConnectionStrings__Gsp)");
        }

        var settings = builder.Configuration.GetSection(ClusterClientSettings.SectionName).Get<ClusterClientSettings>()
            ?? new ClusterClientSettings();
        builder.Services.AddSingleton<ClusterConnectionState>();
        var tls = builder.Configuration.GetSection(ClusterTlsSettings.SectionName).Get<ClusterTlsSettings>() ?? new ClusterTlsSettings();

        // Production silos accept only clients with a certificate from the cluster's CA; without one
        // configured, the dashboard can reach only a cluster without TLS (the tests' in-process clusters).
        var certificates = tls.Configured ? ClusterCertificates.Load(tls) : null;

        // The dashboard and the silos start independently; the web server must answer (and /healthz say
        // "cluster unavailable") while the client is still looking for a gateway.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            client.UseConnectionRetryFilter<RetryUntilConnectedFilter>();
            if (certificates is not null)
            {
                client.UseTls(certificates.Own, o =>
                {
                    o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    o.RemoteCertificateValidation = certificates.ValidatePeer;
                });
            }

            client.AddDashboard();
            client.Services.AddSingleton(settings);
        });
        return builder;
    }
}
