using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Silo.Schema;
using Microsoft.Extensions.Options;

namespace Gsp.Silo.Hosting;

/// <summary>
/// The checks a silo makes before it joins the cluster, so an operator's mistake (PostgreSQL unreachable,
/// Docker down) ends the start with one clear line instead of a silo that half-works.
/// </summary>
public sealed partial class StartupPreflight(
    IConfiguration configuration,
    IOptions<ClusterSettings> cluster,
    IOptions<DockerHostOptions> host,
    IOptions<WakeOptions> wake,
    IContainerRuntime containers,
    SiloCertificates certificates,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<StartupPreflight>();

    /// <summary>Applies the schema (when configured), checks that the Docker engine answers and that the cluster certificate loads.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (cluster.Value.ApplySchemaOnStart)
        {
            await ApplySchemaAsync(cancellationToken);
        }

        await CheckDockerAsync(cancellationToken);
        CheckWakeSecret(wake.Value.Secret);
        var own = certificates.Value.Own;
        LogCertificateLoaded(logger, own.Subject, own.NotAfter);
    }

    /// <summary>Applies every schema script not applied yet; harmless to repeat.</summary>
    public async Task ApplySchemaAsync(CancellationToken cancellationToken)
    {
        var connectionString = GspConnectionString.Read(configuration);
        try
        {
            var migrator = new SchemaMigrator(connectionString, loggerFactory.CreateLogger<SchemaMigrator>());
            await migrator.MigrateAsync(cancellationToken);
        }
        catch (SchemaMigrationException ex)
        {
            throw new StartupCheckException(ex.Message, ex);
        }
    }

    /// <summary>A secret copied from an example file is known to everyone who read it: proxies' wake tokens would be forgeable.</summary>
    private static void CheckWakeSecret(string secret)
    {
        string[] placeholders = ["change-me", "changeme", "change_me", "placeholder", "example", "your-secret", "secret-here"];
        if (placeholders.Any(p => secret.Contains(p, StringComparison.OrdinalIgnoreCase)) || secret.Distinct().Count() < 8)
        {
            throw new StartupCheckException(
                $"{WakeOptions.SectionName}:Secret is a placeholder, not a secret: set at least {WakeOptions.MinimumSecretLength} random bytes (openssl rand -base64 32), the same on every host and dashboard");
        }
    }

    private async Task CheckDockerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await containers.PingAsync(cancellationToken);
            LogDockerReached(logger, host.Value.DockerEndpoint, info.Version, info.ApiVersion);
        }
        catch (ContainerRuntimeException ex)
        {
            throw new StartupCheckException(ex.Message, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster certificate {Subject} (valid until {NotAfter:u}) loaded; silo and gateway connections require mutual TLS")]
    private static partial void LogCertificateLoaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "Docker engine at {Endpoint} answered: version {Version}, API {ApiVersion}")]
    private static partial void LogDockerReached(ILogger logger, string endpoint, string version, string apiVersion);
}
