using System.ComponentModel.DataAnnotations;

namespace Gsp.Hosts;

/// <summary>
/// Describes the Docker host that this silo manages. One silo runs per Docker host, and the silo's
/// name is the host's name, so placement can send a game server's grain to the silo of its host.
/// Bound from the <c>Gsp:Host</c> configuration section.
/// </summary>
public sealed class DockerHostOptions : IValidatableObject
{
    public const string SectionName = "Gsp:Host";

    /// <summary>
    /// This host's name, unique in the cluster; also the Orleans silo name. Defaults to the machine name.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$", ErrorMessage = "Gsp:Host:Name must be letters, digits, '-' or '_' (no dots)")]
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>
    /// The Docker engine endpoint. Defaults to the local engine's socket, <c>unix:///var/run/docker.sock</c>.
    /// </summary>
    [Required]
    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>
    /// The Docker API version spoken to the engine. Defaults to 1.41, the newest that Debian 12's engine
    /// speaks; every call the platform makes exists in that version.
    /// </summary>
    [Required]
    [RegularExpression(@"^\d+\.\d+$")]
    public string DockerApiVersion { get; set; } = "1.41";

    /// <summary>
    /// The first public port this host hands out to game servers' sidecar proxies. Defaults to 25600.
    /// </summary>
    [Range(1, 65535)]
    public int PublicPortFirst { get; set; } = 25600;

    /// <summary>
    /// The last public port (inclusive). Defaults to 25699: one hundred servers per host.
    /// </summary>
    [Range(1, 65535)]
    public int PublicPortLast { get; set; } = 25699;

    /// <summary>
    /// The address players use to reach this host, shown on the dashboard as <c>address:port</c>.
    /// Defaults to <c>127.0.0.1</c>, right for a single-machine install.
    /// </summary>
    [Required]
    public string PublicAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The memory, in MiB, that game servers on this host may reserve (each reserves its game's catalog
    /// minimum). Defaults to the memory this process sees, which is the machine's when the silo runs on
    /// the host itself or in a container without a memory limit; declare less to keep room for the system.
    /// </summary>
    [Range(64, int.MaxValue, ErrorMessage = "Gsp:Host:MemoryMb must be at least 64")]
    public int MemoryMb { get; set; } = (int)Math.Min(int.MaxValue, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024));

    /// <summary>
    /// The CPUs that game servers on this host may reserve (each reserves its game's catalog minimum).
    /// Defaults to the processors this process sees; declare more to over-commit idle-heavy games.
    /// </summary>
    [Range(typeof(decimal), "0.1", "4096", ErrorMessage = "Gsp:Host:Cpus must be between 0.1 and 4096")]
    public decimal Cpus { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How many times <see cref="MemoryMb"/> the games running at once may reserve. Defaults to 1: memory
    /// that is promised twice ends in the kernel killing a game. Sleeping servers reserve nothing either way.
    /// </summary>
    [Range(typeof(decimal), "1", "100", ErrorMessage = "Gsp:Host:MemoryOvercommit must be between 1 and 100")]
    public decimal MemoryOvercommit { get; set; } = 1m;

    /// <summary>
    /// How many times <see cref="Cpus"/> the games running at once may reserve. Defaults to 2: a game rarely
    /// uses its whole minimum for long, and under full contention each still gets half of it.
    /// </summary>
    [Range(typeof(decimal), "1", "100", ErrorMessage = "Gsp:Host:CpuOvercommit must be between 1 and 100")]
    public decimal CpuOvercommit { get; set; } = 2m;

    /// <summary>
    /// Labels added to every container, network and volume this host creates, beside the platform's own
    /// (for an operator's tooling, or a test run's clean-up). Defaults to none.
    /// </summary>
    public Dictionary<string, string> ExtraLabels { get; set; } = [];

    /// <summary>
    /// The IPv4 range servers' private networks take their subnets from, one subnet per server. Defaults to
    /// <c>10.230.0.0/16</c>: outside Docker's own default pools (172.17–31.x, 192.168.x) and the usual home
    /// and office LANs; change it when it overlaps a network this host must reach. Subnets that overlap a
    /// network of the engine or an address of this machine's interfaces are skipped. Game containers can never
    /// reach private ranges, this one included, except their own sidecar.
    /// </summary>
    [Required]
    public string NetworkPool { get; set; } = "10.230.0.0/16";

    /// <summary>
    /// The prefix length of each server's subnet. Defaults to 29: eight addresses (gateway, sidecar, game,
    /// see <see cref="Gsp.Containers.NetworkAddressPlan"/>), so the default pool holds 8,192 servers' networks.
    /// </summary>
    [Range(8, 29)]
    public int NetworkPrefixLength { get; set; } = 29;

    /// <summary>What the host directory records about this host.</summary>
    public HostRegistration ToRegistration(string hostName) =>
        new(hostName, PublicAddress, new HostCapacity(MemoryMb, Cpus, PublicPortFirst, PublicPortLast)
        {
            MemoryOvercommit = MemoryOvercommit,
            CpuOvercommit = CpuOvercommit,
        });

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicPortLast < PublicPortFirst)
        {
            yield return new ValidationResult(
                $"Gsp:Host:PublicPortLast ({PublicPortLast}) is below Gsp:Host:PublicPortFirst ({PublicPortFirst})",
                [nameof(PublicPortLast)]);
        }

        if (!Gsp.Containers.SubnetPool.TryParse(NetworkPool, NetworkPrefixLength, out _, out var error))
        {
            yield return new ValidationResult($"Gsp:Host:NetworkPool: {error}", [nameof(NetworkPool)]);
        }
    }

    /// <summary>The parsed <see cref="NetworkPool"/>; valid options always have one.</summary>
    public Gsp.Containers.SubnetPool Subnets() =>
        Gsp.Containers.SubnetPool.TryParse(NetworkPool, NetworkPrefixLength, out var pool, out var error)
            ? pool
            : throw new InvalidOperationException($"Gsp:Host:NetworkPool: {error}");
}
