using System.Diagnostics;

namespace Gsp.Proxy.Tests.Support;

/// <summary>Runs the real <c>gsp-proxy</c> entry point (the JIT build copied next to the tests) as a child process.</summary>
public static class ProxyProcess
{
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gsp-proxy.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GSP_PROXY_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start gsp-proxy");
    }

    /// <summary>Runs <c>gsp-proxy --healthcheck</c> against <paramref name="adminPort"/> and returns its exit code.</summary>
    public static async Task<int> RunHealthcheckAsync(int adminPort)
    {
        using var process = Start(new Dictionary<string, string> { ["GSP_PROXY_ADMIN_PORT"] = adminPort.ToString() }, "--healthcheck");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode;
    }

    public static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }
}
