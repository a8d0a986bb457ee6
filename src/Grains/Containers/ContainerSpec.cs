namespace Gsp.Containers;

/// <summary>
/// Everything needed to create one container. Limits of zero mean "no limit". <see cref="Hardened"/>
/// sets no-new-privileges, drops every capability but those in <see cref="AddCapabilities"/>, and
/// applies <see cref="PidsLimit"/>.
/// </summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The network the container joins, and the names it answers to there.</summary>
    public string? Network { get; init; }
    public IReadOnlyList<string> NetworkAliases { get; init; } = [];

    /// <summary>
    /// The container's fixed address on <see cref="Network"/>, as a host number of the network's subnet
    /// (<see cref="NetworkAddressPlan"/>); null lets the engine choose. Ignored on a network whose subnet the
    /// engine chose itself (made before GSP managed subnets), where the engine allows no fixed address.
    /// </summary>
    public int? AddressIndex { get; init; }

    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];
    public IReadOnlyList<VolumeMount> Volumes { get; init; } = [];

    /// <summary>Extra /etc/hosts entries, e.g. <c>host.docker.internal</c> → <c>host-gateway</c>.</summary>
    public IReadOnlyDictionary<string, string> ExtraHosts { get; init; } = new Dictionary<string, string>();

    /// <summary>The engine's CPU weight for a container that sets none (<c>docker run --cpu-shares</c>).</summary>
    public const int DefaultCpuWeight = 1024;

    public long MemoryBytes { get; init; }
    public long NanoCpus { get; init; }

    /// <summary>
    /// The scheduling period in which <see cref="NanoCpus"/> is enforced; zero keeps the engine's 100 ms. A process
    /// that uses its share early in a period waits for the next one, so a latency-sensitive process (the sidecar,
    /// under a flood) gets a short period: the same CPU, in stalls of a few milliseconds instead of up to 50.
    /// </summary>
    public TimeSpan CpuPeriod { get; init; }

    /// <summary>
    /// The container's share of the host's CPU while CPUs are contended, relative to the engine's default of
    /// <see cref="DefaultCpuWeight"/> (every game container's); zero keeps the default. It decides who runs first, not
    /// how much: <see cref="NanoCpus"/> still caps the container, so a high weight on a capped, latency-sensitive
    /// process costs the others at most that cap.
    /// </summary>
    public int CpuWeight { get; init; }
    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Never;
    public bool Hardened { get; init; } = true;
    public IReadOnlyList<string> AddCapabilities { get; init; } = [];
    public long PidsLimit { get; init; } = 512;

    /// <summary>
    /// Whether the engine runs the image's own <c>HEALTHCHECK</c>. Each check is a process the engine executes inside
    /// the container (a runc exec), so a check on every sleeping server's sidecar costs the host N / interval process
    /// starts a second; false turns it off (<c>docker run --no-healthcheck</c>).
    /// </summary>
    public bool ImageHealthCheck { get; init; } = true;

    /// <summary>How long the engine waits after the stop signal before it kills, when stopped by the engine itself.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
