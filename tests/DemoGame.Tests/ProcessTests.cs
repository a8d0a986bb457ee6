using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Gsp.DemoGame.Tests;

/// <summary>Runs the real program, because signal handling and exit codes only exist in a process.</summary>
public sealed partial class ProcessTests
{
    private const int Sigterm = 15;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Sigterm_saves_the_world_and_exits_zero()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gsp-demo-process-").FullName;
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "gsp-demo-game.dll") },
                RedirectStandardOutput = true,
                Environment =
                {
                    ["DEMO_PORTS"] = "0/tcp",
                    ["DEMO_BIND_ADDRESS"] = "127.0.0.1",
                    ["DEMO_DATA_DIR"] = dataDirectory,
                    ["DEMO_SAVE_SECONDS"] = "0",
                },
            };
            using var process = Process.Start(start)!;
            var lines = Channel.CreateUnbounded<string>();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    lines.Writer.TryComplete();
                }
                else
                {
                    lines.Writer.TryWrite(e.Data);
                }
            };
            process.BeginOutputReadLine();
            try
            {
                var port = await WaitForListeningPortAsync(lines.Reader).WaitAsync(Patience);
                using (var player = await EchoClient.ConnectAsPlayerAsync(new IPEndPoint(IPAddress.Loopback, port)))
                {
                    Assert.Equal(0, kill(process.Id, Sigterm));
                    await process.WaitForExitAsync().WaitAsync(Patience);
                }

                var output = new List<string>();
                await foreach (var line in lines.Reader.ReadAllAsync())
                {
                    output.Add(line);
                }

                Assert.Equal(0, process.ExitCode);
                Assert.Contains(output, line => line.EndsWith(" stopping", StringComparison.Ordinal));
                Assert.Contains(output, line => line.Contains("saved world at tick", StringComparison.Ordinal));
                Assert.Contains("tick=", await File.ReadAllTextAsync(Path.Combine(dataDirectory, "world.dat")));
                Assert.Single(await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "starts.log")));
                Assert.False(File.Exists(Path.Combine(dataDirectory, "world.dat.tmp")));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<int> WaitForListeningPortAsync(ChannelReader<string> lines)
    {
        await foreach (var line in lines.ReadAllAsync())
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("the demo game exited before listening");
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)/tcp")]
    private static partial Regex ListeningLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
