using Gsp.Containers;
using Gsp.Storage;

namespace Gsp.Silo.Hosting;

/// <summary>
/// The silo wiring every GSP silo shares, in production and under the test cluster alike: clustering,
/// grain state and reminders, all in PostgreSQL through Orleans ADO.NET, and the platform's services.
/// Endpoints and names are left to the caller, because the test cluster assigns its own.
/// </summary>
public static class SiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, the only database the platform runs on.</summary>
    public const string AdoNetInvariant = "Npgsql";

    public static ISiloBuilder AddGspSiloCore(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(GrainStorageNames.Default, o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = AdoNetInvariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddDockerContainerRuntime();
        return silo;
    }
}
