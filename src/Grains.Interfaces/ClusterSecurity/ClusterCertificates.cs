using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gsp.ClusterSecurity;

/// <summary>
/// This process's cluster certificate and the cluster's CA, loaded from PEM files, and the one rule for
/// a peer: its certificate chains to this CA (and nothing else: the machine's trusted roots are not
/// consulted, so a certificate from a public CA is refused as well). Host names are not checked: silos
/// reach each other by address, and membership in the CA is what authenticates a host.
/// </summary>
public sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 own, X509Certificate2 authority)
    {
        Own = own;
        Authority = authority;
    }

    /// <summary>The certificate (with private key) this process presents.</summary>
    public X509Certificate2 Own { get; }

    /// <summary>The cluster's CA certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Loads the three files named by the settings; throws <see cref="ClusterCertificateException"/> naming what is wrong.</summary>
    public static ClusterCertificates Load(ClusterTlsSettings settings)
    {
        var certificatePath = Required(settings.CertificatePath, nameof(settings.CertificatePath));
        var keyPath = Required(settings.KeyPath, nameof(settings.KeyPath));
        var caPath = Required(settings.CaPath, nameof(settings.CaPath));
        X509Certificate2 own;
        X509Certificate2 authority;
        try
        {
            // Re-imported from PKCS#12 so the key is usable by SslStream on every platform, not only ephemeral.
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
            authority = X509CertificateLoader.LoadCertificateFromFile(caPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ClusterCertificateException(
                $"cannot load the cluster certificate ({ClusterTlsSettings.SectionName}: {certificatePath}, {keyPath}, CA {caPath}): {ex.Message}", ex);
        }

        var certificates = new ClusterCertificates(own, authority);
        if (!certificates.IsIssuedByAuthority(own))
        {
            throw new ClusterCertificateException(
                $"the cluster certificate {certificatePath} is not issued by the CA {caPath} (or has expired): other hosts would refuse it");
        }

        return certificates;
    }

    /// <summary>Whether a peer's certificate chains to the cluster's CA and is valid now.</summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
        {
            return false;
        }

        var root = chain.ChainElements[^1].Certificate;
        return root.RawDataMemory.Span.SequenceEqual(Authority.RawDataMemory.Span);
    }

    /// <summary>The TLS callback's shape: the platform's verdict is ignored (it knows nothing of the cluster's CA).</summary>
    public bool ValidatePeer(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors) => IsIssuedByAuthority(certificate);

    private static string Required(string? value, string key) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ClusterCertificateException($"{ClusterTlsSettings.SectionName}:{key} is not set: every silo and client needs a certificate from the cluster's CA (deploy/gsp up makes one)")
            : value;
}
