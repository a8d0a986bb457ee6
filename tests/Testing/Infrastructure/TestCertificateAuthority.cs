using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gsp.ClusterSecurity;
using Orleans.Connections.Security;

namespace Gsp.Tests.Infrastructure;

/// <summary>
/// A cluster CA made for one test, as <c>deploy/gsp up</c> makes one for a deployment: it issues host
/// certificates (server and client authentication) and writes them as the PEM files a silo or dashboard
/// reads through <c>Gsp:Cluster:Tls</c>. Its folder is deleted on dispose.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gsp-test-ca-").FullName;
    private readonly X509Certificate2 authority;

    public TestCertificateAuthority(string name = "GSP test cluster CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        CaPath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(CaPath, authority.ExportCertificatePem());
    }

    public string CaPath { get; }

    /// <summary>A certificate for one host or client, issued by this CA, with its private key.</summary>
    public X509Certificate2 Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Issues a certificate and returns the environment variables that make a silo or dashboard present it.</summary>
    public Dictionary<string, string> Environment(string name)
    {
        var settings = WriteFiles(name);
        return new Dictionary<string, string>
        {
            ["Gsp__Cluster__Tls__CertificatePath"] = settings.CertificatePath!,
            ["Gsp__Cluster__Tls__KeyPath"] = settings.KeyPath!,
            ["Gsp__Cluster__Tls__CaPath"] = settings.CaPath!,
        };
    }

    /// <summary>Issues a certificate and writes it, its key and the CA as PEM files.</summary>
    public ClusterTlsSettings WriteFiles(string name)
    {
        using var certificate = Issue(name);
        var certificatePath = Path.Combine(folder, name + ".pem");
        var keyPath = Path.Combine(folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return new ClusterTlsSettings { CertificatePath = certificatePath, KeyPath = keyPath, CaPath = CaPath };
    }

    /// <summary>Client TLS as the dashboard configures it, for a test's own Orleans client.</summary>
    public static void ConfigureClient(IClientBuilder client, ClusterTlsSettings settings)
    {
        var certificates = ClusterCertificates.Load(settings);
        client.UseTls(certificates.Own, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = certificates.ValidatePeer;
        });
    }

    public void Dispose()
    {
        authority.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
