using System.Diagnostics;
using System.Text.Json;

namespace Gsp.Tests.Peers;

/// <summary>
/// Runs the real game protocol clients of <c>tests/peers/game-protocols</c> (npm <c>minecraft-protocol</c> and
/// <c>gamedig</c>) through <c>node peer.mjs</c>. Each command prints JSON lines; see peer.mjs. Needs node and the
/// folder's node_modules, which deploy/test installs (<c>npm ci</c>). Only BCL types, so projects that do not
/// reference the shared test library can link this file.
/// </summary>
public sealed class GameProtocolPeer : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Threading.Channels.Channel<JsonElement> lines = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
    private readonly Task pump;

    private GameProtocolPeer(Process process)
    {
        this.process = process;
        pump = PumpAsync();
    }

    /// <summary>Where the npm project lives: found by walking up from the test binaries to the repository.</summary>
    public static string Directory { get; } = Locate();

    /// <summary>Runs a command to its end and returns its last JSON line (the outcome).</summary>
    public static async Task<JsonElement> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        await using var peer = Start(arguments);
        JsonElement? last = null;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in peer.lines.Reader.ReadAllAsync(cts.Token))
            {
                last = line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node peer.mjs {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return last ?? throw new InvalidOperationException($"node peer.mjs {string.Join(' ', arguments)} printed nothing; stderr: {await peer.process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>Starts a long-running command (a login that stays online); read its lines with <see cref="NextAsync"/>.</summary>
    public static GameProtocolPeer Start(params string[] arguments)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
        {
            throw new InvalidOperationException($"{Directory}/node_modules is missing: run `npm ci` there (deploy/test does)");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("peer.mjs");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new GameProtocolPeer(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>The next JSON line the peer prints.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the peer printed nothing within {timeout.TotalSeconds:0} s");
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new InvalidOperationException($"the peer exited without printing; stderr: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    /// <summary>Closes the peer's stdin: a login leaves the server cleanly and the peer exits.</summary>
    public void Leave() => process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        await pump;
        process.Dispose();
    }

    private async Task PumpAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('{'))
            {
                using var document = JsonDocument.Parse(line);
                lines.Writer.TryWrite(document.RootElement.Clone());
            }
        }

        lines.Writer.TryComplete();
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "peers", "game-protocols");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/peers/game-protocols not found above " + AppContext.BaseDirectory);
    }
}
