using System.Diagnostics;
using System.Text;
using Gsp.Tests.Infrastructure;

namespace Gsp.WebFrontend.Tests.Browser;

/// <summary>
/// The npm package oidc-provider (tests/peers/oidc, installed by deploy/test) as a real OpenID Connect
/// provider on a free port, with one confidential client for the dashboard.
/// </summary>
public sealed class OidcProviderProcess : IAsyncDisposable
{
    public const string ClientId = "gsp-dashboard";
    public const string ClientSecret = "gsp-test-client-secret-0123456789";

    private readonly Process process;
    private readonly StringBuilder output = new();

    private OidcProviderProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Issuer => $"http://localhost:{Port}";

    public static async Task<OidcProviderProcess> StartAsync(string redirectUri)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "peers", "oidc");
        var port = FreePort.Next();
        var start = new ProcessStartInfo("node", "provider.mjs") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OIDC_PORT"] = port.ToString();
        start.Environment["OIDC_CLIENT_ID"] = ClientId;
        start.Environment["OIDC_CLIENT_SECRET"] = ClientSecret;
        start.Environment["OIDC_REDIRECT_URI"] = redirectUri;
        var provider = new OidcProviderProcess(new Process { StartInfo = start }, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.process.OutputDataReceived += (_, e) =>
        {
            provider.Append(e.Data);
            if (e.Data?.StartsWith("oidc-provider ready", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        provider.process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        provider.process.Start();
        provider.process.BeginOutputReadLine();
        provider.process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(30))) != ready.Task)
        {
            await provider.DisposeAsync();
            throw new TimeoutException("oidc-provider did not start (is tests/peers/oidc installed? deploy/test runs npm ci):\n" + provider.Output);
        }

        return provider;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gsp.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the repository root (Gsp.sln) is not above " + AppContext.BaseDirectory);
    }
}
