using System.Diagnostics;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Foundation;

/// <summary>An operator's mistake ends the silo's start with one clear line, never a stack trace.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class SiloStartupErrorTests
{
    [Fact]
    public async Task Unreachable_database_gives_a_one_line_error()
    {
        var result = await RunSiloAsync(new()
        {
            ["ConnectionStrings__Gsp"] = "Host=127.0.0.1;Port=1;Username=gsp;Password=secret-value;Database=gsp;Timeout=3",
        });

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("gsp-silo: cannot reach PostgreSQL at 127.0.0.1:1/gsp", line);
        Assert.DoesNotContain("secret-value", result.AllOutput);
        Assert.DoesNotContain("   at ", result.AllOutput);
    }

    [Fact]
    public async Task Malformed_connection_string_gives_a_one_line_error()
    {
        var result = await RunSiloAsync(new() { ["ConnectionStrings__Gsp"] = "this is not a connection string" });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("gsp-silo: the PostgreSQL connection string is malformed", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Docker_engine_that_is_down_gives_a_one_line_error()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);

        var result = await RunSiloAsync(new()
        {
            ["ConnectionStrings__Gsp"] = database.ConnectionString,
            ["Gsp__Host__DockerEndpoint"] = "unix:///tmp/gsp-no-docker-here.sock",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("gsp-silo: cannot reach the Docker engine at unix:///tmp/gsp-no-docker-here.sock", Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("   at ", result.AllOutput);
    }

    [Theory]
    [InlineData("change-me-to-32-random-characters", "gsp-silo: Gsp:Wake:Secret is a placeholder, not a secret")]
    [InlineData("too-short-secret", "gsp-silo: configuration is invalid: ")]
    public async Task Placeholder_or_short_wake_secret_gives_a_one_line_error(string secret, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var authority = new TestCertificateAuthority();
        var environment = authority.Environment("wake-secret-test");
        environment["ConnectionStrings__Gsp"] = database.ConnectionString;
        environment["Gsp__Host__DockerEndpoint"] = TestDocker.Endpoint;
        environment["Gsp__Wake__Secret"] = secret;

        var result = await RunSiloAsync(environment);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Missing_cluster_certificate_gives_a_one_line_error()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await RunSiloAsync(new()
        {
            ["ConnectionStrings__Gsp"] = database.ConnectionString,
            ["Gsp__Host__DockerEndpoint"] = TestDocker.Endpoint,
            ["Gsp__Wake__Secret"] = GspTestCluster.WakeSecret,
        });

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("gsp-silo: Gsp:Cluster:Tls:CertificatePath is not set", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Migrate_command_is_harmless_to_repeat()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Gsp"] = database.ConnectionString };

        var first = await RunSiloAsync(environment, "migrate");
        var second = await RunSiloAsync(environment, "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("schema is up to date", second.AllOutput);
    }

    private static async Task<ProcessResult> RunSiloAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gsp.Silo.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the silo neither failed nor exited within 90 s");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string AllOutput => Output + Error;
    }
}
