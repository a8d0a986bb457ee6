using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Gsp.Backups;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Peers;

/// <summary>
/// A real S3-compatible server for tests: s3rver (npm, <c>tests/peers/s3</c>, installed by
/// <c>deploy/lib/testdeps.sh</c>) on a free loopback port, with one bucket and its data in a temporary
/// folder. It can be stopped and started again on the same port and data, as an outage looks. Use it as a
/// class fixture; it is killed and its folder removed at the end.
/// </summary>
public sealed class S3Server : IAsyncLifetime
{
    /// <summary>s3rver's built-in account.</summary>
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Bucket { get; } = "gsp-test-backups";

    public int Port { get; } = FreePort.Next();

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("gsp-s3rver-").FullName;

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    public S3BackupOptions Options(int partSizeMb = 5, int partAttempts = 4) => new()
    {
        Bucket = Bucket,
        ServiceUrl = ServiceUrl,
        Region = "us-east-1",
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        ForcePathStyle = true,
        PartSizeMb = partSizeMb,
        PartAttempts = partAttempts,
    };

    /// <summary>The silo settings that make this server the backup target.</summary>
    public IReadOnlyDictionary<string, string?> SiloSettings(int partSizeMb = 5) => new Dictionary<string, string?>
    {
        ["Gsp:Backups:Target"] = S3BackupTarget.TargetName,
        ["Gsp:Backups:S3:Bucket"] = Bucket,
        ["Gsp:Backups:S3:ServiceUrl"] = ServiceUrl,
        ["Gsp:Backups:S3:AccessKey"] = AccessKey,
        ["Gsp:Backups:S3:SecretKey"] = SecretKey,
        ["Gsp:Backups:S3:ForcePathStyle"] = "true",
        ["Gsp:Backups:S3:PartSizeMb"] = partSizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryFolder.Root, "tests", "peers", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed ({script} is missing); run: npm ci --prefix tests/peers/s3 (deploy/test does)");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "--directory", DataFolder, "--address", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--no-vhost-buckets", "--configure-bucket", Bucket })
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitListeningAsync(process);
    }

    /// <summary>Kills the server (an outage); <see cref="StartAsync"/> brings it back with the same data.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                // A paused process would not act on the kill until continued.
                using var resume = Process.Start("kill", ["-CONT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                resume.WaitForExit();
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections are accepted by the kernel but nothing answers, as with a
    /// hung peer. <see cref="Resume"/> lets it go on where it was.
    /// </summary>
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(DataFolder, recursive: true);
    }

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("s3rver is not running");
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed with {kill.ExitCode}");
        }
    }

    private async Task WaitListeningAsync(Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {process.ExitCode}: {Output}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
