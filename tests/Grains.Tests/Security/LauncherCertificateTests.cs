using System.Diagnostics;
using Gsp.ClusterSecurity;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Security;

/// <summary>The launcher's openssl-made CA and certificates are what the silo and dashboard load and accept.</summary>
public sealed class LauncherCertificateTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("gsp-launcher-tls-").FullName;

    [Fact]
    public async Task Certificates_made_by_the_launcher_load_and_accept_each_other_but_not_a_foreign_CA()
    {
        await RunAsync("ensure_cluster_certificates && platform_certificate host-b");

        var node = ClusterCertificates.Load(Settings(Path.Combine(home, "tls"), "node"));
        var hostB = ClusterCertificates.Load(Settings(Path.Combine(home, "tls", "hosts", "host-b"), "host-b"));
        using var stranger = new TestCertificateAuthority("Another CA");
        using var foreign = stranger.Issue("stranger");

        Assert.True(node.IsIssuedByAuthority(hostB.Own));
        Assert.True(hostB.IsIssuedByAuthority(node.Own));
        Assert.False(node.IsIssuedByAuthority(foreign));
    }

    [Fact]
    public async Task A_second_run_keeps_the_CA_and_the_certificate()
    {
        await RunAsync("ensure_cluster_certificates");
        var before = await File.ReadAllTextAsync(Path.Combine(home, "tls", "node.pem"));

        await RunAsync("ensure_cluster_certificates");

        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(home, "tls", "node.pem")));
    }

    public void Dispose() => Directory.Delete(home, recursive: true);

    private static ClusterTlsSettings Settings(string folder, string name) =>
        new() { CertificatePath = Path.Combine(folder, name + ".pem"), KeyPath = Path.Combine(folder, name + ".key"), CaPath = Path.Combine(folder, "ca.pem") };

    private async Task RunAsync(string script)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set -euo pipefail; repo={RepositoryPaths.Root}; source $repo/deploy/lib/common.sh; source $repo/deploy/lib/certificates.sh; {script}");
        start.Environment["GSP_HOME"] = home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, await output + await error);
    }
}
