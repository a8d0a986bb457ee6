using System.Diagnostics;
using System.Net;
using System.Text;

namespace Gsp.Tests.Processes;

/// <summary>
/// The real dashboard (Gsp.WebFrontend.dll from the test's output folder) as a process on a free port,
/// listening on every address so containers reach it through the host gateway. Its output is kept for
/// failure messages; it is killed on dispose.
/// </summary>
public sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private DashboardProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

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

    public static DashboardProcess Start(int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gsp.WebFrontend.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://0.0.0.0:{port}");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var dashboard = new DashboardProcess(new Process { StartInfo = start }, port);
        dashboard.process.OutputDataReceived += (_, e) => dashboard.Append(e.Data);
        dashboard.process.ErrorDataReceived += (_, e) => dashboard.Append(e.Data);
        dashboard.process.Start();
        dashboard.process.BeginOutputReadLine();
        dashboard.process.BeginErrorReadLine();
        return dashboard;
    }

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
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
