using System.Diagnostics;

namespace Gsp.Bench.Density;

/// <summary>The docker CLI against the bench's engine (<c>DOCKER_HOST</c> is passed through).</summary>
public static class Docker
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)}: {await error}");
        }

        return await output;
    }

    /// <summary>The bench's sidecar containers: id, main pid, address on the server's network.</summary>
    public static async Task<IReadOnlyList<Sidecar>> SidecarsAsync(string runLabel)
    {
        var ids = (await RunAsync("ps", "-q", "--no-trunc", "--filter", $"label={runLabel}", "--filter", "label=gsp.role=proxy"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sidecars = new List<Sidecar>();
        foreach (var chunk in ids.Chunk(200))
        {
            var lines = await RunAsync(["inspect", "--format", "{{.Id}} {{.State.Pid}} {{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", .. chunk]);
            foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ');
                sidecars.Add(new Sidecar(parts[0], int.Parse(parts[1]), parts.Length > 2 ? parts[2] : ""));
            }
        }

        return sidecars;
    }
}

public sealed record Sidecar(string ContainerId, int Pid, string Address);
