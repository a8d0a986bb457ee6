using System.Globalization;
using Docker.DotNet.Models;
using DockerRestartPolicy = Docker.DotNet.Models.RestartPolicy;

namespace Gsp.Containers;

/// <summary>Translates between the platform's container records and Docker's API models.</summary>
internal static class DockerMapping
{
    /// <summary>The engine's spelling of "never happened" for a start or finish time.</summary>
    private const int NeverYear = 1;

    /// <summary>
    /// An event's attributes are the container's labels mixed with these, which the engine adds; what
    /// is left are the labels.
    /// </summary>
    private static readonly HashSet<string> EngineEventAttributes = ["name", "image", "exitCode", "signal", "execDuration"];

    /// <param name="address">The container's fixed address on its network, or null to let the engine choose.</param>
    public static CreateContainerParameters ToCreateParameters(ContainerSpec spec, System.Net.IPAddress? address = null)
    {
        var exposed = new Dictionary<string, EmptyStruct>();
        var bindings = new Dictionary<string, IList<PortBinding>>();
        foreach (var port in spec.Ports)
        {
            foreach (var protocol in ProtocolNames(port.Protocol))
            {
                var key = $"{port.ContainerPort}/{protocol}";
                exposed[key] = default;
                if (!bindings.TryGetValue(key, out var list))
                {
                    bindings[key] = list = [];
                }

                list.Add(new PortBinding
                {
                    HostIP = port.HostIp ?? "",

                    // An empty host port lets the engine pick a free one.
                    HostPort = port.HostPort == 0 ? "" : port.HostPort.ToString(CultureInfo.InvariantCulture),
                });
            }
        }

        var host = new HostConfig
        {
            PortBindings = bindings,
            Mounts = spec.Volumes.Select(v => new Mount { Type = "volume", Source = v.VolumeName, Target = v.ContainerPath }).ToList(),
            ExtraHosts = spec.ExtraHosts.Select(h => $"{h.Key}:{h.Value}").ToList(),
            Memory = spec.MemoryBytes,
            RestartPolicy = new DockerRestartPolicy
            {
                Name = spec.RestartPolicy == RestartPolicy.UnlessStopped ? RestartPolicyKind.UnlessStopped : RestartPolicyKind.No,
            },
            NetworkMode = spec.Network,
        };

        // The engine takes a CPU limit either as NanoCPUs (100 ms period) or as period and quota, not both.
        if (spec.CpuPeriod > TimeSpan.Zero && spec.NanoCpus > 0)
        {
            var period = (long)spec.CpuPeriod.TotalMicroseconds;
            host.CPUPeriod = period;
            host.CPUQuota = Math.Max(1_000, spec.NanoCpus * period / 1_000_000_000);
        }
        else
        {
            host.NanoCPUs = spec.NanoCpus;
        }

        if (spec.CpuWeight > 0)
        {
            host.CPUShares = spec.CpuWeight;
        }

        if (spec.Hardened)
        {
            host.SecurityOpt = ["no-new-privileges:true"];
            host.CapDrop = ["ALL"];
            host.CapAdd = spec.AddCapabilities.ToList();
            host.PidsLimit = spec.PidsLimit > 0 ? spec.PidsLimit : null;
        }

        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = spec.Image,
            Labels = new Dictionary<string, string>(spec.Labels),
            Env = spec.Environment.Select(e => $"{e.Key}={e.Value}").ToList(),
            Cmd = spec.Command?.ToList(),
            ExposedPorts = exposed,
            StopTimeout = spec.StopTimeout,
            Healthcheck = spec.ImageHealthCheck ? null : new HealthConfig { Test = ["NONE"] },
            HostConfig = host,
            NetworkingConfig = spec.Network is null
                ? null
                : new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings>
                    {
                        [spec.Network] = new()
                        {
                            Aliases = spec.NetworkAliases.ToList(),
                            IPAMConfig = address is null ? null : new EndpointIPAMConfig { IPv4Address = address.ToString() },
                        },
                    },
                },
        };
    }

    public static ContainerState ToState(ContainerInspectResponse container)
    {
        var hostPorts = new Dictionary<string, int>();
        foreach (var (port, bindings) in container.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
        {
            // The engine lists one binding per address family; they share the host port.
            var bound = bindings?.Select(b => int.TryParse(b.HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0)
                .FirstOrDefault(p => p > 0) ?? 0;
            if (bound > 0)
            {
                hostPorts[port] = bound;
            }
        }

        var state = container.State;
        return new ContainerState(
            container.Name.TrimStart('/'),
            state.Running,
            (int)state.ExitCode,
            state.OOMKilled,
            ParseEngineTime(state.StartedAt),
            ParseEngineTime(state.FinishedAt),
            state.Status,
            container.Config.Image,
            container.Config.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(container.Config.Labels),
            hostPorts)
        {
            NetworkIds = (container.NetworkSettings?.Networks ?? new Dictionary<string, EndpointSettings>())
                .ToDictionary(n => n.Key, n => n.Value?.NetworkID ?? ""),
        };
    }

    /// <summary>
    /// Parses the engine's RFC 3339 times (nanosecond precision, which .NET rounds to ticks); null for
    /// the engine's zero time, which means "never".
    /// </summary>
    public static DateTimeOffset? ParseEngineTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at.Year > NeverYear
            ? at
            : null;

    /// <summary>
    /// One stats sample as a user reads it: CPU as a percentage of one core (200 = two cores busy),
    /// the way <c>docker stats</c> computes it, and memory without the page cache the kernel would reclaim.
    /// </summary>
    public static ContainerStats ToStats(ContainerStatsResponse sample, CPUStats previous, DateTimeOffset at)
    {
        var current = sample.CPUStats;
        var cpuDelta = (double)current.CPUUsage.TotalUsage - (previous.CPUUsage?.TotalUsage ?? 0);
        var systemDelta = (double)current.SystemUsage - previous.SystemUsage;
        var cpus = current.OnlineCPUs > 0 ? (int)current.OnlineCPUs : current.CPUUsage.PercpuUsage?.Count ?? 1;
        var cpuPercent = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;

        var memory = sample.MemoryStats;
        var usage = memory?.Usage ?? 0;
        var cache = PageCache(memory?.Stats);
        var rx = 0UL;
        var tx = 0UL;
        foreach (var network in sample.Networks?.Values ?? [])
        {
            rx += network.RxBytes;
            tx += network.TxBytes;
        }

        return new ContainerStats(
            at,
            cpuPercent,
            (long)(cache < usage ? usage - cache : usage),
            (long)(memory?.Limit ?? 0),
            (long)rx,
            (long)tx);
    }

    /// <summary>
    /// The reclaimable part of a container's memory. cgroup v1 reports it as <c>total_inactive_file</c>
    /// (and also has a non-hierarchical <c>inactive_file</c>, hence the order), cgroup v2 as
    /// <c>inactive_file</c>; engines before 20.10 only gave <c>cache</c>.
    /// </summary>
    private static ulong PageCache(IDictionary<string, ulong>? stats)
    {
        foreach (var key in (string[])["total_inactive_file", "inactive_file", "cache"])
        {
            if (stats?.TryGetValue(key, out var value) == true)
            {
                return value;
            }
        }

        return 0;
    }

    public static ContainerEvent ToEvent(Message message)
    {
        var attributes = message.Actor?.Attributes ?? new Dictionary<string, string>();
        var exitCode = attributes.TryGetValue("exitCode", out var code) && int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (int?)null;
        return new ContainerEvent(
            attributes.TryGetValue("name", out var name) ? name : message.Actor?.ID ?? message.ID,
            message.Action ?? message.Status,
            attributes.Where(a => !EngineEventAttributes.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value),
            exitCode,
            message.TimeNano > 0
                ? DateTimeOffset.UnixEpoch.AddTicks(message.TimeNano / TimeSpan.NanosecondsPerTick)
                : DateTimeOffset.FromUnixTimeSeconds(message.Time));
    }

    private static IEnumerable<string> ProtocolNames(PortProtocol protocol) => protocol switch
    {
        PortProtocol.Tcp => ["tcp"],
        PortProtocol.Udp => ["udp"],
        PortProtocol.Both => ["tcp", "udp"],
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown port protocol"),
    };
}
