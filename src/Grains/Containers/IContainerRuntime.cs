namespace Gsp.Containers;

/// <summary>
/// The one way the platform reaches a container engine. Grains speak in domain terms (deploy, wake,
/// hibernate) and translate them into these calls; only the Docker implementation knows Docker's API.
/// Every method is safe to repeat: "ensure" calls are no-ops when the thing already exists, "remove"
/// calls are no-ops when it is already gone, so a retried or interrupted operation never fails on
/// leftovers of its own earlier attempt.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>Asks the engine who it is. Throws <see cref="ContainerRuntimeUnavailableException"/> when it does not answer.</summary>
    Task<ContainerEngineInfo> PingAsync(CancellationToken cancellationToken);

    /// <summary>Creates a bridge network with these labels unless one of that name exists. Internal networks have no route out.</summary>
    Task EnsureNetworkAsync(NetworkSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes a network; a no-op when it does not exist.</summary>
    Task RemoveNetworkAsync(string name, CancellationToken cancellationToken);

    /// <summary>Whether a network of that name exists.</summary>
    Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The engine's id of the network of that name, or null when there is none. A network removed and
    /// created again has a new id, and a container made for the old one no longer starts
    /// (<see cref="ContainerState.NetworkIds"/> tells).
    /// </summary>
    Task<string?> FindNetworkIdAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates a named local volume with these labels unless it exists.</summary>
    Task EnsureVolumeAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Removes a volume and its data; a no-op when it does not exist.</summary>
    Task RemoveVolumeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Whether the image is present locally.</summary>
    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Pulls the image unless it is present, reporting the engine's progress. Throws
    /// <see cref="ContainerRuntimeException"/> with the engine's reason when the pull fails (no registry,
    /// unknown image).
    /// </summary>
    Task EnsureImageAsync(string image, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (does not start) a container. Throws <see cref="ContainerRuntimeException"/> when a
    /// container of that name already exists; callers remove leftovers first.
    /// </summary>
    Task CreateContainerAsync(ContainerSpec spec, CancellationToken cancellationToken);

    /// <summary>Starts a container; a no-op when it is already running.</summary>
    Task StartContainerAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a container: the image's stop signal, then a kill after <paramref name="grace"/>. A no-op
    /// when it is not running.
    /// </summary>
    Task StopContainerAsync(string name, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Removes a container, killing it if it runs; a no-op when it does not exist.</summary>
    Task RemoveContainerAsync(string name, CancellationToken cancellationToken);

    /// <summary>The container's state, or null when no container of that name exists.</summary>
    Task<ContainerState?> InspectContainerAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every container (running or not) carrying all of these labels.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>One sample of the container's resource use; null when it is not running.</summary>
    Task<ContainerStats?> GetStatsAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The last <paramref name="tail"/> log lines, then (when <paramref name="follow"/>) new lines as
    /// they are written, until cancelled or the container stops.
    /// </summary>
    IAsyncEnumerable<ContainerLogLine> ReadLogsAsync(string name, int tail, bool follow, CancellationToken cancellationToken);

    /// <summary>Container lifecycle events (start, die, oom, destroy) of containers carrying these labels, until cancelled.</summary>
    IAsyncEnumerable<ContainerEvent> WatchEventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a path of the container as an uncompressed tar whose root entry is the path's last name
    /// (<c>/data</c> gives <c>data/...</c>). Works while the container is stopped; a mounted volume is read
    /// through the mount. Returns once the engine has answered; the caller reads and disposes the stream,
    /// and nothing is held in memory beyond the current read. Throws <see cref="ContainerRuntimeException"/>
    /// when the container or the path does not exist.
    /// </summary>
    Task<Stream> ReadArchiveAsync(string name, string path, CancellationToken cancellationToken);

    /// <summary>
    /// Extracts an uncompressed tar read from <paramref name="archive"/> into <paramref name="directory"/>
    /// of the container, streaming it to the engine as it is read. Works while the container is stopped
    /// (the way to fill a volume without running the game). Files of the same name are overwritten,
    /// others are left alone. Throws <see cref="ContainerRuntimeException"/> when the container or the
    /// directory does not exist or the archive is not a tar.
    /// </summary>
    Task WriteArchiveAsync(string name, string directory, Stream archive, CancellationToken cancellationToken);
}
