using System.Diagnostics;

namespace Gsp.Tests.Firewall;

/// <summary>
/// Runs commands as root on the test machine (ip, iptables, nsenter) for the firewall tests, which make
/// network namespaces and veth pairs of their own and remove them again.
/// </summary>
internal static class HostCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output) + (await error));
    }

    public static async Task MustAsync(string program, params string[] arguments)
    {
        var (code, output) = await RunAsync(program, arguments);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} failed: {output}");
    }

    /// <summary>
    /// Whether a TCP connection to <paramref name="address"/>:<paramref name="port"/> opens from inside the
    /// network namespace of the process <paramref name="pid"/> (a game container), with root there.
    /// </summary>
    public static async Task<bool> ConnectsFromAsync(long pid, string address, int port)
    {
        var (code, _) = await RunAsync("nsenter", "-t", pid.ToString(), "-n", "timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{address}/{port}");
        return code == 0;
    }
}
