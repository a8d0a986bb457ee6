using System.Net;
using System.Net.Sockets;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Gsp.Tests.Security;

/// <summary>
/// The Orleans ports of a production silo answer only to holders of a certificate from the cluster's CA:
/// knowing the cluster id is no longer enough to call a grain.
/// </summary>
[Trait("Category", "Docker")]
public sealed class ClusterTlsTests(TlsSilo fixture) : IClassFixture<TlsSilo>
{
    [Fact]
    public async Task Client_with_a_certificate_from_the_cluster_CA_calls_grains()
    {
        var settings = fixture.Authority.WriteFiles("good-client");
        using var client = await fixture.StartClientAsync(o => TestCertificateAuthority.ConfigureClient(o, settings));

        var hosts = await TlsSilo.ListHostsAsync(client);

        Assert.Contains(hosts, h => h.Name == fixture.ClusterId);
        await client.StopAsync();
    }

    [Fact]
    public async Task Client_with_the_cluster_id_but_no_certificate_cannot_call_any_grain()
    {
        var refused = await CallAsync(_ => { });

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Client_with_a_certificate_from_another_CA_cannot_call_any_grain()
    {
        using var stranger = new TestCertificateAuthority("Some other CA");
        var settings = stranger.WriteFiles("stranger");

        // The stranger accepts any server, so only the silo's check of the client certificate can refuse it.
        var refused = await CallAsync(o => StrangerTls(o, settings));

        Assert.NotNull(refused);
    }

    [Fact]
    public async Task Gateway_listens_on_the_advertised_address_only()
    {
        using var onAdvertised = new TcpClient();
        await onAdvertised.ConnectAsync(IPAddress.Loopback, fixture.GatewayPort);

        using var elsewhere = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => elsewhere.ConnectAsync(IPAddress.Parse("127.0.0.2"), fixture.GatewayPort));
    }

    /// <summary>TLS with a foreign certificate (ClusterCertificates.Load would itself refuse one not issued by the CA it names).</summary>
    private static void StrangerTls(IClientBuilder client, Gsp.ClusterSecurity.ClusterTlsSettings settings)
    {
        var own = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(settings.CertificatePath!, settings.KeyPath!);
        Orleans.Hosting.OrleansConnectionSecurityHostingExtensions.UseTls(client, own, o =>
        {
            o.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
            o.AllowAnyRemoteCertificate();
        });
    }

    /// <summary>Starts a client and calls a grain; returns why that failed, or null when the call succeeded.</summary>
    private async Task<Exception?> CallAsync(Action<IClientBuilder> configure)
    {
        try
        {
            using var client = await fixture.StartClientAsync(configure);
            await TlsSilo.ListHostsAsync(client);
            return null;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SocketException or IOException or InvalidOperationException)
        {
            return ex;
        }
    }
}
