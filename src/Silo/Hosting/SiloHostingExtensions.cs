using System.Net;
using Gsp.Hosts;
using Gsp.Silo.Firewall;
using Orleans.Configuration;

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

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = host.Name);
            silo.ConfigureEndpoints(
                ParseAddress(cluster.AdvertisedAddress),
                cluster.SiloPort,
                cluster.GatewayPort,
                listenOnAnyHostAddress: true);
            silo.AddGspSiloCore(connectionString);
        });
        return builder;
    }

    private static IPAddress ParseAddress(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new StartupCheckException($"Gsp:Cluster:AdvertisedAddress '{value}' is not an IP address");
}
