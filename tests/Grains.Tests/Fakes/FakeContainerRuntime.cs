using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Gsp.Containers;

namespace Gsp.Tests.Fakes;

/// <summary>
/// An in-memory <see cref="IContainerRuntime"/> for fast grain tests. It keeps the real runtime's
/// promises (ensure/remove are idempotent, create of an existing name throws, stats are null when not
/// running, logs and events end when cancelled) and lets a test play the engine's part: crash a
/// container, OOM-kill it, write its log lines, set its stats, or take the whole engine away.
/// Thread-safe: one lock guards all state, because grains and the test touch it concurrently.
/// </summary>
public sealed class FakeContainerRuntime(TimeProvider? time = null) : IContainerRuntime
{
    /// <summary>The exit code of a container killed by SIGKILL (a forced remove, an OOM kill).</summary>
    public const int KilledExitCode = 137;

    private const int FirstEphemeralPort = 49152;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NetworkSpec> _networks = [];
    private readonly Dictionary<string, string> _networkIds = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _volumes = [];
    private readonly HashSet<string> _images = [];
    private readonly HashSet<string> _registry = [];
    private readonly Dictionary<string, FakeContainer> _containers = [];
    private readonly List<(IReadOnlyDictionary<string, string> Labels, ChannelWriter<ContainerEvent> Writer)> _watchers = [];
    private readonly List<string> _operations = [];
    private readonly List<string> _failed = [];
    private readonly List<string> _hung = [];
    private int _nextEphemeralPort = FirstEphemeralPort;
    private int _nextNetworkId;
    private volatile bool _unavailable;

    /// <summary>When true, every call throws <see cref="ContainerRuntimeUnavailableException"/>, as when the engine is down.</summary>
    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    /// <summary>
    /// When set, a call whose verb and name (as in <see cref="Operations"/>) it returns true for throws
    /// <see cref="ContainerRuntimeUnavailableException"/> without doing anything: the engine going away in
    /// the middle of an action, for chosen steps only.
    /// </summary>
    public Func<string, string, bool>? FailWhen { get; set; }

    /// <summary>
    /// When set, a call whose verb and name it returns true for never answers: it waits until its
    /// cancellation token is cancelled, as a wedged engine does. Recorded in <see cref="HungOperations"/>.
    /// </summary>
    public Func<string, string, bool>? HangWhen { get; set; }

    /// <summary>The calls <see cref="HangWhen"/> held, in order, as <c>"verb name"</c>.</summary>
    public IReadOnlyList<string> HungOperations => Locked(() => _hung.ToList());

    /// <summary>The calls <see cref="FailWhen"/> failed, in order, as <c>"verb name"</c>.</summary>
    public IReadOnlyList<string> FailedOperations => Locked(() => _failed.ToList());

    /// <summary>What was asked of the runtime, in order, as <c>"verb name"</c> (e.g. <c>"create gsp-1"</c>).</summary>
    public IReadOnlyList<string> Operations => Locked(() => _operations.ToList());

    public IReadOnlyCollection<string> NetworkNames => Locked(() => _networks.Keys.ToList());

    public IReadOnlyCollection<string> VolumeNames => Locked(() => _volumes.Keys.ToList());

    public IReadOnlyCollection<string> ContainerNames => Locked(() => _containers.Keys.ToList());

    /// <summary>Makes an image present locally, as if built or pulled before.</summary>
    public void AddImage(string image) => Locked(() => _images.Add(image));

    /// <summary>Makes an image pullable: <see cref="EnsureImageAsync"/> of anything else fails like a missing registry image.</summary>
    public void AddRegistryImage(string image) => Locked(() => _registry.Add(image));

    /// <summary>The spec a container was created from, so a test can check what a grain asked for.</summary>
    public ContainerSpec? GetSpec(string name) => Locked(() => _containers.GetValueOrDefault(name)?.Spec);

    public NetworkSpec? GetNetwork(string name) => Locked(() => _networks.GetValueOrDefault(name));

    /// <summary>Removes a network although containers are attached, as <c>docker network disconnect -f</c> then <c>rm</c> do.</summary>
    public void RemoveNetworkByHand(string name) => Locked(() =>
    {
        _networkIds.Remove(name);
        return _networks.Remove(name);
    });

    /// <summary>The container writes a line, seen by tails and followers.</summary>
    public void WriteLog(string name, string text, bool isError = false) => Locked(() =>
    {
        var container = Get(name);
        var line = new ContainerLogLine(_time.GetUtcNow(), isError, text);
        container.Logs.Add(line);
        foreach (var follower in container.Followers)
        {
            follower.TryWrite(line);
        }
    });

    /// <summary>Publishes a container port on this host port, e.g. the admin port of a proxy the test serves itself.</summary>
    public void SetHostPort(string name, string portAndProtocol, int hostPort) => Locked(() => Get(name).HostPorts[portAndProtocol] = hostPort);

    /// <summary>What <see cref="GetStatsAsync"/> answers while the container runs.</summary>
    public void SetStats(string name, ContainerStats stats) => Locked(() => Get(name).Stats = stats);

    /// <summary>The container's process exits by itself (a crash, or a clean exit) with this code.</summary>
    public void Exit(string name, int exitCode) => Locked(() => Die(Get(name), exitCode, oomKilled: false));

    /// <summary>The kernel kills the container for exceeding its memory limit: an <c>oom</c> event, then <c>die</c> with 137.</summary>
    public void OomKill(string name) => Locked(() =>
    {
        var container = Get(name);
        Raise(container, "oom", null);
        Die(container, KilledExitCode, oomKilled: true);
    });

    /// <summary>Raises any event for a container, e.g. one the fake does not produce by itself.</summary>
    public void RaiseEvent(string name, string action, int? exitCode = null) => Locked(() => Raise(Get(name), action, exitCode));

    public Task<ContainerEngineInfo> PingAsync(CancellationToken cancellationToken) =>
        Run("ping", "engine", () => new ContainerEngineInfo("fake", "1.41", "linux"), cancellationToken);

    public Task EnsureNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken) =>
        Run("ensure-network", spec.Name, () =>
        {
            if (!_networks.TryAdd(spec.Name, spec))
            {
                return false;
            }

            // A network made again gets a new id, as on the engine.
            _networkIds[spec.Name] = $"fake-network-{++_nextNetworkId}";
            return true;
        }, cancellationToken);

    public Task RemoveNetworkAsync(string name, CancellationToken cancellationToken) =>
        Run("remove-network", name, () =>
        {
            if (_containers.Values.Any(c => c.Spec.Network == name))
            {
                throw new ContainerRuntimeException($"cannot remove network {name}: network {name} has active endpoints");
            }

            _networkIds.Remove(name);
            return _networks.Remove(name);
        }, cancellationToken);

    public Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken) =>
        Run("network-exists", name, () => _networks.ContainsKey(name), cancellationToken);

    public Task<string?> FindNetworkIdAsync(string name, CancellationToken cancellationToken) =>
        Run("network-id", name, () => _networkIds.GetValueOrDefault(name), cancellationToken);

    public Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Run("ensure-volume", name, () => _volumes.TryAdd(name, labels), cancellationToken);

    public Task RemoveVolumeAsync(string name, CancellationToken cancellationToken) =>
        Run("remove-volume", name, () =>
        {
            if (_containers.Values.Any(c => c.Spec.Volumes.Any(v => v.VolumeName == name)))
            {
                throw new ContainerRuntimeException($"cannot remove volume {name}: volume is in use");
            }

            return _volumes.Remove(name);
        }, cancellationToken);

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) =>
        Run("image-exists", image, () => _images.Contains(image), cancellationToken);

    public Task EnsureImageAsync(string image, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken) =>
        Run("ensure-image", image, () =>
        {
            if (_images.Contains(image))
            {
                return false;
            }

            if (!_registry.Contains(image))
            {
                throw new ContainerRuntimeException($"cannot pull image {image}: pull access denied for {image}, repository does not exist");
            }

            progress?.Report(new ImagePullProgress("Pull complete", "fake-layer", null, null));
            return _images.Add(image);
        }, cancellationToken);

    public Task CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        Run("create", spec.Name, () =>
        {
            if (_containers.ContainsKey(spec.Name))
            {
                throw new ContainerRuntimeException($"cannot create container {spec.Name}: the container name \"/{spec.Name}\" is already in use");
            }

            if (!_images.Contains(spec.Image))
            {
                throw new ContainerRuntimeException($"cannot create container {spec.Name}: No such image: {spec.Image}");
            }

            if (spec.Network is { } network && !_networks.ContainsKey(network))
            {
                throw new ContainerRuntimeException($"cannot create container {spec.Name}: network {network} not found");
            }

            var container = new FakeContainer(spec) { NetworkId = spec.Network is { } attached ? _networkIds[attached] : null };
            _containers.Add(spec.Name, container);
            Raise(container, "create", null);
            return true;
        }, cancellationToken);

    public Task StartContainerAsync(string name, CancellationToken cancellationToken) =>
        Run("start", name, () =>
        {
            var container = _containers.GetValueOrDefault(name)
                ?? throw new ContainerRuntimeException($"cannot start container {name}: No such container: {name}");
            if (container.Running)
            {
                return false;
            }

            if (container.Spec.Network is { } network && _networkIds.GetValueOrDefault(network) != container.NetworkId)
            {
                throw new ContainerRuntimeException($"cannot start container {name}: network {container.NetworkId} not found");
            }

            // Ports are bound at start, as the engine does; a zero host port gets an ephemeral one.
            foreach (var port in container.Spec.Ports)
            {
                var host = port.HostPort == 0 ? _nextEphemeralPort++ : port.HostPort;
                foreach (var protocol in port.Protocol == PortProtocol.Both ? ["tcp", "udp"] : new[] { port.Protocol.ToString().ToLowerInvariant() })
                {
                    container.HostPorts[$"{port.ContainerPort}/{protocol}"] = host;
                }
            }

            container.Running = true;
            container.OomKilled = false;
            container.ExitCode = 0;
            container.StartedAt = _time.GetUtcNow();
            Raise(container, "start", null);
            return true;
        }, cancellationToken);

    public Task StopContainerAsync(string name, TimeSpan grace, CancellationToken cancellationToken) =>
        Run("stop", name, () =>
        {
            if (_containers.GetValueOrDefault(name) is not { Running: true } container)
            {
                return false;
            }

            Raise(container, "kill", null);
            Die(container, 0, oomKilled: false);
            Raise(container, "stop", null);
            return true;
        }, cancellationToken);

    public Task RemoveContainerAsync(string name, CancellationToken cancellationToken) =>
        Run("remove", name, () =>
        {
            if (!_containers.TryGetValue(name, out var container))
            {
                return false;
            }

            if (container.Running)
            {
                Raise(container, "kill", null);
                Die(container, KilledExitCode, oomKilled: false);
            }

            _containers.Remove(name);
            Raise(container, "destroy", null);
            return true;
        }, cancellationToken);

    public Task<ContainerState?> InspectContainerAsync(string name, CancellationToken cancellationToken) =>
        Run("inspect", name, () => _containers.GetValueOrDefault(name)?.ToState(), cancellationToken);

    public Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken) =>
        Run("list", string.Join(',', labels.Select(l => $"{l.Key}={l.Value}")), () =>
            (IReadOnlyList<ContainerSummary>)_containers.Values
                .Where(c => Matches(c.Spec.Labels, labels))
                .Select(c => new ContainerSummary(c.Spec.Name, c.Running, c.Spec.Labels))
                .ToList(), cancellationToken);

    public Task<ContainerStats?> GetStatsAsync(string name, CancellationToken cancellationToken) =>
        Run("stats", name, () => _containers.GetValueOrDefault(name) is { Running: true } container
            ? container.Stats with { At = _time.GetUtcNow() }
            : null, cancellationToken);

    public async IAsyncEnumerable<ContainerLogLine> ReadLogsAsync(string name, int tail, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (backlog, live) = await Run("logs", name, () => OpenLogs(name, tail, follow), cancellationToken);
        foreach (var line in backlog)
        {
            yield return line;
        }

        if (live is null)
        {
            yield break;
        }

        while (await WaitAsync(live, cancellationToken))
        {
            while (live.TryRead(out var line))
            {
                yield return line;
            }
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync(IReadOnlyDictionary<string, string> labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ContainerEvent>();
        await Run("watch", "events", () =>
        {
            _watchers.Add((labels, channel.Writer));
            return true;
        }, cancellationToken);
        try
        {
            while (await WaitAsync(channel.Reader, cancellationToken))
            {
                while (channel.Reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            Locked(() => _watchers.RemoveAll(w => w.Writer == channel.Writer));
        }
    }

    /// <summary>
    /// The fake keeps the last archive written into a container per directory and hands it back for a
    /// read of that directory's child path; a path nothing was written under reads as an empty tar.
    /// </summary>
    public Task<Stream> ReadArchiveAsync(string name, string path, CancellationToken cancellationToken) =>
        Run<Stream>("read-archive", name, () =>
        {
            var container = _containers.GetValueOrDefault(name)
                ?? throw new ContainerRuntimeException($"cannot read {path} of container {name}: No such container: {name}");
            var parent = Path.GetDirectoryName(path) ?? "/";
            return new MemoryStream(container.Archives.GetValueOrDefault(parent) ?? new byte[1024], writable: false);
        });

    public async Task WriteArchiveAsync(string name, string directory, Stream archive, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        await archive.CopyToAsync(copy, cancellationToken);
        await Run("write-archive", name, () =>
        {
            var container = _containers.GetValueOrDefault(name)
                ?? throw new ContainerRuntimeException($"cannot write an archive into {directory} of container {name}: No such container: {name}");
            container.Archives[directory] = copy.ToArray();
            return true;
        }, cancellationToken);
    }

    private (IReadOnlyList<ContainerLogLine> Backlog, ChannelReader<ContainerLogLine>? Live) OpenLogs(string name, int tail, bool follow)
    {
        if (!_containers.TryGetValue(name, out var container))
        {
            return ([], null);
        }

        var backlog = tail < 0 ? container.Logs.ToList() : container.Logs.TakeLast(tail).ToList();
        if (!follow || !container.Running)
        {
            return (backlog, null);
        }

        var channel = Channel.CreateUnbounded<ContainerLogLine>();
        container.Followers.Add(channel.Writer);
        return (backlog, channel.Reader);
    }

    private void Die(FakeContainer container, int exitCode, bool oomKilled)
    {
        if (!container.Running)
        {
            return;
        }

        container.Running = false;
        container.ExitCode = exitCode;
        container.OomKilled = oomKilled;
        container.FinishedAt = _time.GetUtcNow();

        // Followers of a container's logs end when it stops, as with the engine.
        foreach (var follower in container.Followers)
        {
            follower.TryComplete();
        }

        container.Followers.Clear();
        Raise(container, "die", exitCode);
    }

    private void Raise(FakeContainer container, string action, int? exitCode)
    {
        var e = new ContainerEvent(container.Spec.Name, action, container.Spec.Labels, exitCode, _time.GetUtcNow());
        foreach (var (labels, writer) in _watchers)
        {
            if (Matches(container.Spec.Labels, labels))
            {
                writer.TryWrite(e);
            }
        }
    }

    private FakeContainer Get(string name) =>
        _containers.GetValueOrDefault(name) ?? throw new InvalidOperationException($"the fake has no container {name}");

    private Task<T> Run<T>(string verb, string name, Func<T> operation, CancellationToken cancellationToken = default)
    {
        if (HangWhen is { } hang && hang(verb, name))
        {
            Locked(() => _hung.Add($"{verb} {name}"));
            return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith<T>(
                _ => throw new OperationCanceledException(cancellationToken), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        if (_unavailable)
        {
            return Task.FromException<T>(new ContainerRuntimeUnavailableException("cannot reach the Docker engine at fake://: engine taken away by the test"));
        }

        if (FailWhen is { } fail && fail(verb, name))
        {
            Locked(() => _failed.Add($"{verb} {name}"));
            return Task.FromException<T>(new ContainerRuntimeUnavailableException($"cannot {verb} {name}: the engine did not answer (failed by the test)"));
        }

        try
        {
            return Task.FromResult(Locked(() =>
            {
                _operations.Add($"{verb} {name}");
                return operation();
            }));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Locked(Action write)
    {
        lock (_gate)
        {
            write();
        }
    }

    private static async Task<bool> WaitAsync<T>(ChannelReader<T> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static bool Matches(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> required) =>
        required.All(r => labels.TryGetValue(r.Key, out var value) && value == r.Value);

    private sealed class FakeContainer(ContainerSpec spec)
    {
        public ContainerSpec Spec { get; } = spec;
        public Dictionary<string, byte[]> Archives { get; } = [];
        public bool Running { get; set; }
        public int ExitCode { get; set; }
        public bool OomKilled { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public Dictionary<string, int> HostPorts { get; } = [];
        public string? NetworkId { get; init; }
        public List<ContainerLogLine> Logs { get; } = [];
        public List<ChannelWriter<ContainerLogLine>> Followers { get; } = [];
        public ContainerStats Stats { get; set; } = new(default, 0, 0, spec.MemoryBytes, 0, 0);

        public ContainerState ToState() => new(
            Spec.Name,
            Running,
            ExitCode,
            OomKilled,
            StartedAt,
            FinishedAt,
            Running ? "running" : StartedAt is null ? "created" : "exited",
            Spec.Image,
            Spec.Labels,
            new Dictionary<string, int>(HostPorts))
        {
            NetworkIds = Spec.Network is { } network && NetworkId is { } id ? new Dictionary<string, string> { [network] = id } : new Dictionary<string, string>(),
        };
    }
}
