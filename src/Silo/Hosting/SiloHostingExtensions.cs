using System.Net;
using Gsp.Hosts;
using Gsp.Silo.Firewall;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Gsp.Silo.Hosting;

/// <summary>Turns a host into one GSP silo: the silo of one Docker host, in the cluster of all hosts.</summary>
public static class SiloHostingExtensions
{
    public static HostApplicationBuilder AddGspSilo(this HostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClusterSettings>()
            .BindConfiguration(ClusterSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<StartupPreflight>();
        builder.Services.AddHostFirewall();

        var cluster = builder.Configuration.GetSection(ClusterSettings.SectionName).Get<ClusterSettings>() ?? new ClusterSettings();
        var host = builder.Configuration.GetSection(DockerHostOptions.SectionName).Get<DockerHostOptions>() ?? new DockerHostOptions();
        var connectionString = GspConnectionString.Read(builder.Configuration);
        var certificates = new SiloCertificates(builder.Configuration);
        builder.Services.AddSingleton(certificates);

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = host.Name);

            // Only on the advertised address: a game container reaching another of the host's addresses finds nothing.
            silo.ConfigureEndpoints(
                ParseAddress(cluster.AdvertisedAddress),
                cluster.SiloPort,
                cluster.GatewayPort,
                listenOnAnyHostAddress: false);
            silo.UseClusterTls(certificates);
            silo.AddGspSiloCore(connectionString);
        });
        return builder;
    }

    /// <summary>
    /// Mutual TLS on every silo and gateway connection: a silo or client without a certificate from the
    /// cluster's CA cannot complete the handshake, so knowing the cluster id is no longer enough to call a grain.
    /// The certificates are read when the silo opens its first connection, after the preflight checked them.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, SiloCertificates certificates) =>
        silo.Configure<SiloConnectionOptions>(connections =>
        {
            var tls = new TlsOptions
            {
                LocalCertificate = certificates.Value.Own,
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateValidation = certificates.Value.ValidatePeer,
            };
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
        });

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new StartupCheckException($"Gsp:Cluster:AdvertisedAddress '{value}' is not an IP address");
}
