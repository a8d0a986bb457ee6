namespace Gsp.Tests.Firewall;

/// <summary>
/// The second test engine (<c>GSP_TEST_DOCKER2</c>, started by <c>deploy/lib/docker.sh</c>), which a test may
/// restart: never the first, on which everyone's tests run.
/// </summary>
internal static class SecondEngine
{
    private const string Root = "/run/gsp-docker2";

    /// <summary>Stops the engine (SIGTERM) and starts it again with the same command line, as the launcher does.</summary>
    public static async Task RestartAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable("GSP_TEST_DOCKER2");
        Assert.False(string.IsNullOrEmpty(endpoint), "GSP_TEST_DOCKER2 is not set");
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(Root, "dockerd.pid"))).Trim());
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("dockerd", commandLine[0]);

        await HostCommand.MustAsync("kill", "-TERM", pid.ToString());
        await Infrastructure.Eventually.ValueAsync(() => Task.FromResult(Directory.Exists($"/proc/{pid}")), running => !running, TimeSpan.FromSeconds(60));

        // As deploy/lib/docker.sh does: an empty network store, so the engine never deletes another's bridge.
        await HostCommand.RunAsync("rm", "-rf", "/var/lib/gsp-docker2/network");
        var quoted = string.Join(' ', commandLine.Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        await HostCommand.MustAsync("bash", "-c", $"setsid nohup {quoted} >>/tmp/gsp-dockerd2-restarts.log 2>&1 < /dev/null &");
        await Infrastructure.Eventually.ValueAsync(
            async () => (await HostCommand.RunAsync("docker", "-H", endpoint!, "info")).ExitCode == 0,
            up => up,
            TimeSpan.FromSeconds(60));
    }
}
