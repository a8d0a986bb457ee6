using Gsp.ClusterSecurity;

namespace Gsp.Silo.Hosting;

/// <summary>
/// This silo's cluster certificates, loaded on first use: the preflight loads them after PostgreSQL and
/// Docker answered, so each operator mistake gets its own one-line error, and <c>migrate</c> needs none.
/// </summary>
public sealed class SiloCertificates(IConfiguration configuration)
{
    private readonly Lazy<ClusterCertificates> certificates = new(() => Load(configuration));

    /// <summary>The certificates; throws <see cref="StartupCheckException"/> naming the setting or file at fault.</summary>
    public ClusterCertificates Value => certificates.Value;

    private static ClusterCertificates Load(IConfiguration configuration)
    {
        var settings = configuration.GetSection(ClusterTlsSettings.SectionName).Get<ClusterTlsSettings>() ?? new ClusterTlsSettings();
        try
        {
            return ClusterCertificates.Load(settings);
        }
        catch (ClusterCertificateException ex)
        {
            throw new StartupCheckException(ex.Message, ex);
        }
    }
}
