namespace Gsp.ClusterSecurity;

/// <summary>
/// The certificate a silo or client presents to the rest of the cluster, and the cluster's certificate
/// authority (CA). Bound from <c>Gsp:Cluster:Tls</c>. Every silo-to-silo and client-to-gateway connection
/// is mutual TLS: each side must present a certificate issued by this CA, or the connection is refused.
/// <c>deploy/gsp up</c> makes the CA and this host's certificate in its data folder on the first run.
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string SectionName = "Gsp:Cluster:Tls";

    /// <summary>PEM file of this process's certificate (needs both server and client authentication usages). No default.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file of the certificate's private key. No default.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PEM file of the cluster's CA certificate (the only issuer whose certificates are accepted). No default.</summary>
    public string? CaPath { get; set; }

    /// <summary>Whether any of the three files is named; a half-configured section is an error, not "no TLS".</summary>
    public bool Configured =>
        !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath) || !string.IsNullOrWhiteSpace(CaPath);
}
