using Gsp.Backups;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Placement;
using Gsp.Quotas;
using Gsp.Silo.Hosts;
using Gsp.Silo.Placement;
using Gsp.Storage;
using Gsp.Wallets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Gsp.Silo.Hosting;

/// <summary>
/// The silo wiring every GSP silo shares, in production and under the test cluster alike: clustering,
/// grain state and reminders, all in PostgreSQL through Orleans ADO.NET, and the platform's services.
/// Endpoints and names are left to the caller, because the test cluster assigns its own.
/// </summary>
public static class GspSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, the only database the platform runs on.</summary>
    public const string AdoNetInvariant = "Npgsql";

    /// <summary>Orleans' <see cref="ClusterMembershipOptions"/>, for operators who want host loss noticed sooner.</summary>
    public const string MembershipSection = "Gsp:Cluster:Membership";

    public static ISiloBuilder AddGspSiloCore(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(GrainStorageNames.Default, (OptionsBuilder<AdoNetGrainStorageOptions> o) => o.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = AdoNetInvariant;
            options.ConnectionString = connectionString;

            // Orleans' own binary format: it reads back every [GenerateSerializer] type exactly (immutable
            // records, read-only collections) and tolerates added or removed [Id] members across releases.
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddDockerContainerRuntime();
        silo.Services.AddGameServers();
        silo.Services.AddWallets();
        silo.Services.AddBackups();
        silo.Services.AddQuotas();
        silo.Services.AddSingleton(sp => new InstallationReader(connectionString, sp.GetRequiredService<ILogger<InstallationReader>>()));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<InstallationReader>());
        silo.Services.AddSingleton<IHostIdentity, SiloHostIdentity>();
        silo.Services.AddSingleton<IHostDirectoryStore>(sp => new PostgresHostDirectoryStore(connectionString, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.AddSingleton<IHostPortStore>(sp => new PostgresHostPortStore(connectionString, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.AddPlacementDirector<HostPlacementStrategy, HostPlacementDirector>();
        silo.Services.AddSingleton<OrphanSweeper>();
        silo.Services.AddHostedService<ContainerEventWatcher>();
        silo.Services.AddHostedService<HostRegistrar>();

        // How fast a host whose silo died is declared dead (its servers then show "host offline"):
        // Orleans' defaults, unless Gsp:Cluster:Membership overrides them (ProbeTimeout, NumMissedProbesLimit, ...).
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration(MembershipSection);

        // The Orleans dashboard's data side; its pages are served by the web frontend, to admins only.
        if (silo.Configuration.GetValue("Gsp:Cluster:OrleansDashboard", true))
        {
            silo.AddDashboard();
        }

        return silo;
    }
}
