using System.Net.Sockets;
using Docker.DotNet;
using Gsp.Containers;
using Gsp.Hosts;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ContainerKillParameters = Docker.DotNet.Models.ContainerKillParameters;
using NetworksListParameters = Docker.DotNet.Models.NetworksListParameters;
using RestartPolicyKind = Docker.DotNet.Models.RestartPolicyKind;
using VolumesListParameters = Docker.DotNet.Models.VolumesListParameters;

namespace Gsp.Tests.Containers;

/// <summary>
/// <see cref="DockerContainerRuntime"/> against the real engine. Everything a test creates carries the
/// test labels and a unique name, and is removed in <see cref="DisposeAsync"/> even when the test fails.
/// The raw Docker client is used only to check what the runtime cannot report itself (limits, hardening)
/// and to play a crash.
/// </summary>
[Trait("Category", "Docker")]
public sealed class DockerContainerRuntimeTests : IAsyncLifetime
{
    private const string DemoImage = "gsp/demo-game:dev";
    private const int GamePort = 25565;
    private const long MemoryLimit = 64L * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly DockerContainerRuntime runtime = TestDocker.CreateRuntime();
    private readonly DockerClient docker = new DockerClientConfiguration(new Uri(TestDocker.Endpoint)).CreateClient(new System.Version("1.41"));
    private readonly List<string> containers = [];
    private readonly List<string> networks = [];
    private readonly List<string> volumes = [];

    public async Task InitializeAsync()
    {
        Assert.True(
            await runtime.ImageExistsAsync(DemoImage, CancellationToken.None),
            $"{DemoImage} is missing: build it with deploy/docker/demo-game/stage.sh OUT && docker build -t {DemoImage} OUT");
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        foreach (var name in containers)
        {
            await runtime.RemoveContainerAsync(name, timeout.Token);
        }

        foreach (var name in networks)
        {
            await runtime.RemoveNetworkAsync(name, timeout.Token);
        }

        foreach (var name in volumes)
        {
            await runtime.RemoveVolumeAsync(name, timeout.Token);
        }

        runtime.Dispose();
        docker.Dispose();
    }

    [Fact]
    public async Task Ping_reports_the_engine_and_its_api_version()
    {
        var engine = await runtime.PingAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(engine.Version));
        Assert.Equal("linux", engine.OperatingSystem);
        Assert.Matches(@"^\d+\.\d+$", engine.ApiVersion);
    }

    [Fact]
    public async Task Network_is_created_with_labels_and_removal_is_idempotent()
    {
        var name = Track(networks, TestDocker.UniqueName("net"));
        var spec = new NetworkSpec(name, Labels(("gsp.role", "network")), Internal: true);

        await runtime.EnsureNetworkAsync(spec, CancellationToken.None);
        await runtime.EnsureNetworkAsync(spec, CancellationToken.None);

        Assert.True(await runtime.NetworkExistsAsync(name, CancellationToken.None));
        var found = await docker.Networks.ListNetworksAsync(new NetworksListParameters(), CancellationToken.None);
        var network = Assert.Single(found, n => n.Name == name);
        Assert.Equal("true", network.Labels[ContainerLabels.Test]);
        Assert.Equal("network", network.Labels["gsp.role"]);
        Assert.True(network.Internal);

        await runtime.RemoveNetworkAsync(name, CancellationToken.None);
        await runtime.RemoveNetworkAsync(name, CancellationToken.None);
        Assert.False(await runtime.NetworkExistsAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Network_lookup_matches_whole_names_only()
    {
        var name = Track(networks, TestDocker.UniqueName("net"));
        await runtime.EnsureNetworkAsync(new NetworkSpec(name, Labels()), CancellationToken.None);

        Assert.False(await runtime.NetworkExistsAsync(name[..^1], CancellationToken.None));
        await runtime.RemoveNetworkAsync(name[..^1], CancellationToken.None);
        Assert.True(await runtime.NetworkExistsAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Volume_is_created_with_labels_and_removal_is_idempotent()
    {
        var name = Track(volumes, TestDocker.UniqueName("vol"));

        await runtime.EnsureVolumeAsync(name, Labels(("gsp.role", "data")), CancellationToken.None);
        await runtime.EnsureVolumeAsync(name, Labels(("gsp.role", "data")), CancellationToken.None);

        var volume = await docker.Volumes.InspectAsync(name, CancellationToken.None);
        Assert.Equal("true", volume.Labels[ContainerLabels.Test]);
        Assert.Equal("data", volume.Labels["gsp.role"]);

        await runtime.RemoveVolumeAsync(name, CancellationToken.None);
        await runtime.RemoveVolumeAsync(name, CancellationToken.None);
        var left = await docker.Volumes.ListAsync(new VolumesListParameters(), CancellationToken.None);
        Assert.DoesNotContain(left.Volumes, v => v.Name == name);
    }

    [Fact]
    public async Task Container_with_limits_ports_volume_and_hardening_runs_and_reports_its_state()
    {
        var network = Track(networks, TestDocker.UniqueName("net"));
        var volume = Track(volumes, TestDocker.UniqueName("vol"));
        await runtime.EnsureNetworkAsync(new NetworkSpec(network, Labels()), CancellationToken.None);
        await runtime.EnsureVolumeAsync(volume, Labels(), CancellationToken.None);
        var spec = DemoSpec(TestDocker.UniqueName("game")) with
        {
            Network = network,
            NetworkAliases = ["game"],
            Ports = [new PublishedPort(GamePort, 0, PortProtocol.Both, "127.0.0.1")],
            Volumes = [new VolumeMount(volume, "/data")],
            ExtraHosts = new Dictionary<string, string> { ["host.docker.internal"] = "host-gateway" },
            MemoryBytes = MemoryLimit,
            NanoCpus = 500_000_000,
            CpuWeight = 2048,
            PidsLimit = 64,
            StopTimeout = TimeSpan.FromSeconds(7),
        };

        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);

        var state = await runtime.InspectContainerAsync(spec.Name, CancellationToken.None);
        Assert.NotNull(state);
        Assert.True(state.Running);
        Assert.Equal("running", state.Status);
        Assert.Equal(DemoImage, state.Image);
        Assert.NotNull(state.StartedAt);
        Assert.Null(state.FinishedAt);
        Assert.Equal("true", state.Labels[ContainerLabels.Test]);
        Assert.True(state.HostPorts[$"{GamePort}/tcp"] > 0);
        Assert.True(state.HostPorts[$"{GamePort}/udp"] > 0);

        var raw = await docker.Containers.InspectContainerAsync(spec.Name, CancellationToken.None);
        Assert.Equal(MemoryLimit, raw.HostConfig.Memory);
        Assert.Equal(500_000_000, raw.HostConfig.NanoCPUs);
        Assert.Equal(2048, raw.HostConfig.CPUShares);
        Assert.Equal(64, raw.HostConfig.PidsLimit);
        Assert.Equal(["ALL"], raw.HostConfig.CapDrop);
        Assert.Contains("no-new-privileges:true", raw.HostConfig.SecurityOpt);
        Assert.Equal(RestartPolicyKind.No, raw.HostConfig.RestartPolicy.Name);
        Assert.Equal(["host.docker.internal:host-gateway"], raw.HostConfig.ExtraHosts);
        Assert.Equal(TimeSpan.FromSeconds(7), raw.Config.StopTimeout);
        Assert.Contains("game", raw.NetworkSettings.Networks[network].Aliases);
        var mount = Assert.Single(raw.Mounts);
        Assert.Equal((volume, "/data"), (mount.Name, mount.Destination));

        // The published ports reach the game inside (it echoes what is not Minecraft): proof that the
        // bindings, not just the records, are right. A bare connect would prove nothing, as docker-proxy
        // accepts connections before the game listens.
        await Eventually.ValueAsync(() => TcpEchoesAsync(state.HostPorts[$"{GamePort}/tcp"]), echoed => echoed, Patience);
        await Eventually.ValueAsync(() => UdpEchoesAsync(state.HostPorts[$"{GamePort}/udp"]), echoed => echoed, Patience);
    }

    [Fact]
    public async Task Create_of_an_existing_name_fails_with_the_engines_reason()
    {
        var spec = DemoSpec(TestDocker.UniqueName("dup"));
        await runtime.CreateContainerAsync(spec, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ContainerRuntimeException>(() => runtime.CreateContainerAsync(spec, CancellationToken.None));

        Assert.Contains("already in use", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Stop_then_remove_is_idempotent()
    {
        var spec = DemoSpec(TestDocker.UniqueName("stop"));
        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);

        // The game's first line comes after it handles SIGTERM. A stop before that (a slow start on a loaded
        // machine) meets PID 1 without a handler, which ignores the signal until the kill: exit 137, not 0.
        await Eventually.ValueAsync(() => ReadAllAsync(spec.Name, tail: -1), lines => lines.Count > 0, Patience);

        await runtime.StopContainerAsync(spec.Name, TimeSpan.FromSeconds(10), CancellationToken.None);
        await runtime.StopContainerAsync(spec.Name, TimeSpan.FromSeconds(10), CancellationToken.None);

        var stopped = await runtime.InspectContainerAsync(spec.Name, CancellationToken.None);
        Assert.NotNull(stopped);
        Assert.False(stopped.Running);
        Assert.Equal(0, stopped.ExitCode);
        Assert.NotNull(stopped.FinishedAt);
        Assert.Null(await runtime.GetStatsAsync(spec.Name, CancellationToken.None));

        await runtime.RemoveContainerAsync(spec.Name, CancellationToken.None);
        await runtime.RemoveContainerAsync(spec.Name, CancellationToken.None);
        await runtime.StopContainerAsync(spec.Name, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Null(await runtime.InspectContainerAsync(spec.Name, CancellationToken.None));
    }

    [Fact]
    public async Task Running_container_is_removed_by_force_and_listed_by_its_labels_until_then()
    {
        var run = Guid.NewGuid().ToString("N");
        var spec = DemoSpec(TestDocker.UniqueName("list")) with { Labels = Labels(("gsp.test-run", run)) };
        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);

        var listed = await runtime.ListContainersAsync(Labels(("gsp.test-run", run)), CancellationToken.None);
        var summary = Assert.Single(listed);
        Assert.Equal(spec.Name, summary.Name);
        Assert.True(summary.Running);

        await runtime.RemoveContainerAsync(spec.Name, CancellationToken.None);
        Assert.Empty(await runtime.ListContainersAsync(Labels(("gsp.test-run", run)), CancellationToken.None));
    }

    [Fact]
    public async Task Killed_container_reports_exit_code_and_die_event()
    {
        var run = Guid.NewGuid().ToString("N");
        var spec = DemoSpec(TestDocker.UniqueName("kill")) with { Labels = Labels(("gsp.test-run", run)) };
        using var watching = new CancellationTokenSource(Patience);
        var died = FirstEventAsync(Labels(("gsp.test-run", run)), "die", watching.Token);

        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);
        await docker.Containers.KillContainerAsync(spec.Name, new ContainerKillParameters { Signal = "SIGKILL" }, CancellationToken.None);

        var die = await died;
        Assert.Equal(spec.Name, die.Name);
        Assert.Equal(137, die.ExitCode);
        Assert.Equal(run, die.Labels["gsp.test-run"]);
        Assert.DoesNotContain("exitCode", die.Labels.Keys);
        var state = await runtime.InspectContainerAsync(spec.Name, CancellationToken.None);
        Assert.NotNull(state);
        Assert.False(state.Running);
        Assert.Equal(137, state.ExitCode);
        Assert.False(state.OomKilled);
        Assert.NotNull(state.FinishedAt);
    }

    [Fact]
    public async Task Event_watch_ends_quietly_when_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var _ in runtime.WatchEventsAsync(Labels(("gsp.test-run", Guid.NewGuid().ToString("N"))), cancel.Token))
            {
                seen++;
            }

            return seen;
        });

        await cancel.CancelAsync();

        Assert.Equal(0, await watch.WaitAsync(Patience));
    }

    [Fact]
    public async Task Logs_tail_and_follow_return_new_lines()
    {
        var spec = DemoSpec(TestDocker.UniqueName("logs")) with
        {
            Environment = new Dictionary<string, string> { ["DEMO_LOG_SECONDS"] = "1" },
        };
        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);
        await Eventually.ValueAsync(() => ReadAllAsync(spec.Name, tail: -1), lines => lines.Count >= 3, Patience);

        var last = await ReadAllAsync(spec.Name, tail: 1);
        var tailed = Assert.Single(last);
        Assert.False(string.IsNullOrWhiteSpace(tailed.Text));
        Assert.True(tailed.At > DateTimeOffset.UtcNow.AddMinutes(-1), $"timestamp {tailed.At} was not parsed from the engine's prefix");

        using var following = new CancellationTokenSource(Patience);
        var fresh = new List<ContainerLogLine>();
        await foreach (var line in runtime.ReadLogsAsync(spec.Name, 0, follow: true, following.Token))
        {
            fresh.Add(line);
            if (fresh.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(2, fresh.Count);
        Assert.All(fresh, line => Assert.True(line.At >= tailed.At));

        // Following ends by itself when the container stops.
        var untilStopped = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in runtime.ReadLogsAsync(spec.Name, 0, follow: true, following.Token))
            {
                count++;
            }

            return count;
        });
        await runtime.StopContainerAsync(spec.Name, TimeSpan.FromSeconds(10), CancellationToken.None);
        await untilStopped.WaitAsync(Patience);
        Assert.False(following.IsCancellationRequested, "following ended by the timeout, not because the container stopped");
    }

    [Fact]
    public async Task Stats_report_memory_and_cpu_of_running_container()
    {
        var spec = DemoSpec(TestDocker.UniqueName("stats")) with
        {
            MemoryBytes = MemoryLimit,
            Environment = new Dictionary<string, string> { ["DEMO_CPU_PERCENT"] = "50" },
        };
        await runtime.CreateContainerAsync(spec, CancellationToken.None);
        Assert.Null(await runtime.GetStatsAsync(spec.Name, CancellationToken.None));
        await runtime.StartContainerAsync(spec.Name, CancellationToken.None);

        var stats = await Eventually.ValueAsync(
            () => runtime.GetStatsAsync(spec.Name, CancellationToken.None),
            s => s is { CpuPercent: > 10 },
            Patience);

        Assert.NotNull(stats);
        Assert.Equal(MemoryLimit, stats.MemoryLimitBytes);
        Assert.InRange(stats.MemoryBytes, 1, MemoryLimit);
        Assert.InRange(stats.CpuPercent, 10, 100);
        Assert.True(stats.NetworkRxBytes >= 0 && stats.NetworkTxBytes >= 0);
        Assert.Null(await runtime.GetStatsAsync(TestDocker.UniqueName("absent"), CancellationToken.None));
    }

    [Fact]
    public async Task Pull_of_present_image_is_a_no_op()
    {
        var reports = new List<ImagePullProgress>();

        await runtime.EnsureImageAsync(DemoImage, new SynchronousProgress<ImagePullProgress>(reports.Add), CancellationToken.None);

        Assert.Empty(reports);
    }

    [Fact]
    public async Task Pull_of_missing_image_fails_with_clear_error()
    {
        const string missing = "gsp-test/does-not-exist:never";
        using var timeout = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<ContainerRuntimeException>(() => runtime.EnsureImageAsync(missing, null, timeout.Token));

        Assert.IsNotType<ContainerRuntimeUnavailableException>(error);
        Assert.StartsWith($"cannot pull image {missing}: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(await runtime.ImageExistsAsync(missing, CancellationToken.None));
    }

    [Fact]
    public async Task Unreachable_engine_gives_one_line_error()
    {
        const string endpoint = "unix:///tmp/nonexistent.sock";
        using var unreachable = TestDocker.CreateRuntime(endpoint);

        var error = await Assert.ThrowsAsync<ContainerRuntimeUnavailableException>(() => unreachable.PingAsync(CancellationToken.None));

        Assert.Equal($"cannot reach the Docker engine at {endpoint}: no socket at /tmp/nonexistent.sock", error.Message);
    }

    private ContainerSpec DemoSpec(string name) => new()
    {
        Name = Track(containers, name),
        Image = DemoImage,
        Labels = Labels(),
        StopTimeout = TimeSpan.FromSeconds(5),
    };

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>(TestDocker.Labels);
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    private static string Track(List<string> created, string name)
    {
        created.Add(name);
        return name;
    }

    private async Task<ContainerEvent> FirstEventAsync(IReadOnlyDictionary<string, string> labels, string action, CancellationToken cancellationToken)
    {
        await foreach (var e in runtime.WatchEventsAsync(labels, cancellationToken))
        {
            if (e.Action == action)
            {
                return e;
            }
        }

        throw new TimeoutException($"no {action} event before the watch ended");
    }

    private async Task<List<ContainerLogLine>> ReadAllAsync(string name, int tail)
    {
        var lines = new List<ContainerLogLine>();
        await foreach (var line in runtime.ReadLogsAsync(name, tail, follow: false, CancellationToken.None))
        {
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<bool> TcpEchoesAsync(int port)
    {
        var probe = "gsp echo probe\n"u8.ToArray();
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(probe, timeout.Token);
            var echoed = new byte[probe.Length];
            await stream.ReadExactlyAsync(echoed, timeout.Token);
            return echoed.AsSpan().SequenceEqual(probe);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> UdpEchoesAsync(int port)
    {
        var probe = "gsp echo probe"u8.ToArray();
        try
        {
            using var client = new UdpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            client.Connect("127.0.0.1", port);
            await client.SendAsync(probe, timeout.Token);
            var reply = await client.ReceiveAsync(timeout.Token);
            return reply.Buffer.AsSpan().SequenceEqual(probe);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
