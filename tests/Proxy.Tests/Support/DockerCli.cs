using System.Diagnostics;

namespace Gsp.Proxy.Tests.Support;

/// <summary>Drives Docker through the <c>docker</c> CLI: the tests need a handful of commands, not an API client.</summary>
public static class DockerCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, (await stdout).Trim() + (await stderr).Trim());
    }

    public static async Task<string> CheckedAsync(params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);
        Assert.True(exitCode == 0, $"docker {string.Join(' ', args)} failed ({exitCode}): {output}");
        return output;
    }

    public static bool ImageExists(string image)
    {
        try
        {
            return RunAsync("image", "inspect", image).GetAwaiter().GetResult().ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
