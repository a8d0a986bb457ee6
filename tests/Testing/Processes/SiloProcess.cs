using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Processes;

/// <summary>
/// A production silo (Gsp.Silo.dll from src/Silo's build output, configured by environment variables
/// as on a real host) that a test can kill, stop and start again with the same settings.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>The silo's own build output: a test's output folder lacks some of the silo's dependencies.</summary>
    private static readonly string Assembly = RepositoryPaths.Output("src/Silo", "Gsp.Silo.dll");

    private readonly IReadOnlyDictionary<string, string> environment;
    private ChildProcess process;
    private string earlierOutput = "";

    private SiloProcess(string hostName, IReadOnlyDictionary<string, string> environment)
    {
        HostName = hostName;
        this.environment = environment;
        process = ChildProcess.Start(Assembly, [], environment);
    }

    public string HostName { get; }

    /// <summary>What the current and every earlier run of this silo wrote.</summary>
    public string Output => earlierOutput + process.Output;

    public static SiloProcess Start(string hostName, IReadOnlyDictionary<string, string> environment) => new(hostName, environment);

    /// <summary>SIGKILL: the host's silo is lost without a goodbye.</summary>
    public Task KillAsync() => process.KillAsync();

    /// <summary>SIGTERM: an orderly shutdown, as in a rolling restart.</summary>
    public Task StopAsync() => process.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>Starts the silo again with the same settings (the same host name and ports).</summary>
    public async Task RestartAsync()
    {
        await process.DisposeAsync();
        earlierOutput += process.Output;
        process = ChildProcess.Start(Assembly, [], environment);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
