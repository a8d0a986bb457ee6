using System.Diagnostics;
using System.Net;
using Gsp.Tests.Infrastructure;
using Npgsql;

namespace Gsp.Tests.Foundation;

/// <summary>
/// The README's first command, run for real: a private PostgreSQL, the schema, a silo and the dashboard,
/// in a state folder of its own so it never touches a developer's running platform.
/// </summary>
[Trait("Category", "Launcher")]
public sealed class LauncherTests : IAsyncLifetime
{
    private readonly string home = Path.Combine(Path.GetTempPath(), "gsp-launcher-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, string> environment;
    private readonly int webPort = FreePort.Next();

    public LauncherTests()
    {
        environment = new()
        {
            ["GSP_HOME"] = home,
            ["GSP_DATA"] = home + "-data",
            ["GSP_WEB_PORT"] = webPort.ToString(),
            ["GSP_PG_PORT"] = FreePort.Next().ToString(),
            ["GSP_SKIP_BUILD"] = "1",
            ["Gsp__Cluster__ClusterId"] = "launcher-test",
            ["Gsp__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["Gsp__Cluster__GatewayPort"] = FreePort.Next().ToString(),
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RunLauncherAsync("down");
        Directory.Delete(home, recursive: true);
        Directory.Delete(environment["GSP_DATA"], recursive: true);
    }

    [Fact]
    public async Task Up_twice_is_harmless_and_down_then_up_keeps_the_data()
    {
        var first = await RunLauncherAsync("up");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"GSP is running: http://localhost:{webPort}", first.Output);
        Assert.Equal(HttpStatusCode.OK, await HealthAsync());

        var second = await RunLauncherAsync("up");
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("already running", second.Output);

        await using (var connection = await OpenDatabaseAsync())
        {
            await using var write = new NpgsqlCommand("CREATE TABLE launcher_marker (note text); INSERT INTO launcher_marker VALUES ('kept')", connection);
            await write.ExecuteNonQueryAsync();
        }

        var down = await RunLauncherAsync("down");
        Assert.True(down.ExitCode == 0, down.Output);
        Assert.Null(await HealthAsync());

        var again = await RunLauncherAsync("up");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal(HttpStatusCode.OK, await HealthAsync());
        await using (var connection = await OpenDatabaseAsync())
        {
            await using var read = new NpgsqlCommand("SELECT note FROM launcher_marker", connection);
            Assert.Equal("kept", await read.ExecuteScalarAsync());
        }
    }

    private async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(environment["GSP_DATA"], "pg-dev.password"))).Trim();
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={environment["GSP_PG_PORT"]};Username=gsp;Password={password};Database=gsp;Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private async Task<HttpStatusCode?> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{webPort}/healthz");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<(int ExitCode, string Output)> RunLauncherAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "deploy", "gsp"));
        start.ArgumentList.Add(command);
        start.Environment.Remove("ConnectionStrings__Gsp");
        foreach (var (key, value) in TestDocker.ProcessDefaults.Concat(environment))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await stdout + await stderr);
    }
}
