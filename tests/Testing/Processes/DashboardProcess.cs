using System.Net;

namespace Gsp.Tests.Processes;

/// <summary>
/// The real dashboard (Gsp.WebFrontend.dll from the test's output folder) as a process on a free port,
/// listening on every address so containers reach it through the host gateway. Its output is kept for
/// failure messages; it is killed on dispose.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private DashboardProcess(ChildProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Output => process.Output;

    /// <summary>The settings that put a dashboard on a test cluster (environment variable names), to add a test's own to.</summary>
    public static Dictionary<string, string> ClusterSettings(string connectionString, string serviceId) => new()
    {
        ["ConnectionStrings__Gsp"] = connectionString,
        ["Gsp__Cluster__ClusterId"] = serviceId,
        ["Gsp__Cluster__ServiceId"] = serviceId,
        ["Gsp__Wake__Secret"] = Infrastructure.GspTestCluster.WakeSecret,
    };

    public static DashboardProcess Start(int port, IReadOnlyDictionary<string, string> environment) =>
        StartOn($"http://0.0.0.0:{port}", port, environment);

    /// <summary>Starts the dashboard on the given ASP.NET Core URLs (<c>;</c>-separated), one of them on 127.0.0.1:<paramref name="port"/>.</summary>
    public static DashboardProcess StartOn(string urls, int port, IReadOnlyDictionary<string, string> environment) =>
        new(ChildProcess.Start("Gsp.WebFrontend.dll", ["--urls", urls], environment), port);

    /// <summary>Waits until <c>/healthz</c> says the cluster answers.</summary>
    public async Task WaitHealthyAsync(TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException("the dashboard exited:\n" + Output);
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the dashboard did not become healthy:\n" + Output);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
