using System.Diagnostics;
using System.Globalization;
using Gsp.Tests.Processes;

namespace Gsp.Proxy.Tests.Docker;

/// <summary>
/// A second container on a sidecar's test network, whose network namespace gives a test a client with an address of
/// its own: from the host every client shares the bridge gateway's address, so a flood from the host and a fresh
/// client from here are two sources, as on a public port. The client is the host's bash (<c>/dev/udp</c>,
/// <c>/dev/tcp</c>) run with <c>nsenter -n</c>, which enters only the network namespace (needs root, as the
/// Docker tests do). The demo game image serves as the namespace's holder; nothing is sent to it.
/// </summary>
internal sealed class Neighbour : IAsyncDisposable
{
    private readonly string name;
    private readonly int pid;

    private Neighbour(string name, int pid)
    {
        this.name = name;
        this.pid = pid;
    }

    public static async Task<Neighbour> StartAsync(SidecarContainer sidecar)
    {
        var name = sidecar.Name + "-neighbour";
        await DockerCli.CheckedAsync(
            "run", "-d", "--name", name, "--label", "gsp.test=true", "--network", sidecar.Network, "-e", "DEMO_PORTS=7999/tcp",
            DemoGameImageFactAttribute.GameImage);
        try
        {
            var pid = int.Parse(await DockerCli.CheckedAsync("inspect", "-f", "{{.State.Pid}}", name), CultureInfo.InvariantCulture);
            return new Neighbour(name, pid);
        }
        catch
        {
            await DockerCli.RunAsync("rm", "-f", "-v", name);
            throw;
        }
    }

    /// <summary>How long a brand-new UDP client here waits for its first echo from <paramref name="address"/>:<paramref name="port"/>,
    /// resending every 200 ms as a game client would (up to 5 s; <see cref="TimeSpan.MaxValue"/> if never). Timed inside
    /// the namespace, so starting the shell is not counted.</summary>
    public async Task<TimeSpan> FirstUdpEchoAsync(string address, int port)
    {
        var output = await BashAsync(
            $"exec 3<>/dev/udp/{address}/{port}; start=$(date +%s%N); " +
            "for i in $(seq 25); do printf fresh >&3; if timeout 0.2 head -c 5 <&3 >/dev/null; then echo $(( ($(date +%s%N) - start) / 1000 )); exit 0; fi; done; echo never");
        return Microseconds(output);
    }

    /// <summary>Opens a TCP connection from here to <paramref name="address"/>:<paramref name="port"/>, sends a few bytes
    /// and keeps it open for <paramref name="hold"/>; completes when the connection is up (its connect time) and returns
    /// the shell that holds it.</summary>
    public async Task<(TimeSpan Connected, Process Holder)> HoldTcpAsync(string address, int port, TimeSpan hold)
    {
        var holder = Start(
            $"start=$(date +%s%N); exec 3<>/dev/tcp/{address}/{port} || {{ echo never; exit 1; }}; " +
            $"echo $(( ($(date +%s%N) - start) / 1000 )); printf hello >&3; sleep {hold.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        var line = await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "never";
        return (Microseconds(line), holder);
    }

    public async ValueTask DisposeAsync() => await DockerCli.RunAsync("rm", "-f", "-v", name);

    private async Task<string> BashAsync(string script)
    {
        using var process = Start(script);
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (await output).Trim();
    }

    private Process Start(string script)
    {
        var info = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t", pid.ToString(CultureInfo.InvariantCulture), "-n", "bash", "-c", script })
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start nsenter");
    }

    private static TimeSpan Microseconds(string output) =>
        long.TryParse(output.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) ? TimeSpan.FromMicroseconds(us) : TimeSpan.MaxValue;
}
