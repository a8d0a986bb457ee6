using System.Diagnostics;

namespace Gsp.Tests.Infrastructure;

/// <summary>The tests' second Docker engine (started by <c>deploy/test</c>, <c>GSP_TEST_DOCKER2</c>), as a process the tests may freeze.</summary>
public static class SecondEngine
{
    private const string PidFile = "/run/gsp-docker2/dockerd.pid";

    /// <summary>
    /// SIGSTOPs the second engine's daemon until the result is disposed (SIGCONT): an engine that answers nothing.
    /// Never the first engine, which other tests share; a test holds it for its few seconds only.
    /// </summary>
    public static IDisposable Freeze()
    {
        var pid = File.ReadAllText(PidFile).Trim();
        Signal("STOP", pid);
        return new Thaw(pid);
    }

    private static void Signal(string signal, string pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed with exit code {kill.ExitCode}");
        }
    }

    private sealed class Thaw(string pid) : IDisposable
    {
        public void Dispose() => Signal("CONT", pid);
    }
}
