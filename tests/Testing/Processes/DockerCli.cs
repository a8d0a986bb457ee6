using System.ComponentModel;
using System.Diagnostics;

namespace Gsp.Tests.Processes;

/// <summary>
/// Drives Docker through the <c>docker</c> CLI, for the handful of commands a test runs by hand (kill a
/// container, copy a file out of it). <see cref="CheckedAsync"/> fails the test with the command's
/// stderr when it exits non-zero, so a broken step is reported where it happens, not as a later
/// puzzling assertion.
/// </summary>
public static class DockerCli
{
    /// <summary>How long one command may take, even on a loaded machine.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the command; its exit code, stdout and stderr, whatever they are.</summary>
    public static async Task<DockerCliResult> ExecuteAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start docker");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', args)} did not finish within {CommandTimeout}");
        }

        return new DockerCliResult(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    /// <summary>Runs the command; its exit code and its stdout followed by its stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var result = await ExecuteAsync(args);
        return (result.ExitCode, result.Output + result.Error);
    }

    /// <summary>Runs the command and returns its stdout; fails the test with its stderr when it exits non-zero.</summary>
    public static async Task<string> CheckedAsync(params string[] args)
    {
        var result = await ExecuteAsync(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error}{(result.Output.Length > 0 ? "\nstdout: " + result.Output : "")}");
        return result.Output;
    }

    public static bool ImageExists(string image)
    {
        try
        {
            return ExecuteAsync("image", "inspect", image).GetAwaiter().GetResult().ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
