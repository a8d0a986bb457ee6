namespace Gsp.Hosts;

/// <summary>
/// One host as builds before the directory's rows stored it, inside <see cref="HostDirectoryState"/>; read
/// once, to import it into the rows (see <see cref="HostDirectoryGrain"/>). The [Id]s are what was written: keep them.
/// </summary>
[GenerateSerializer]
public sealed class HostRecord
{
    [Id(0)] public required HostRegistration Registration { get; set; }
    [Id(1)] public bool Draining { get; set; }
    [Id(2)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Server id → what it reserves here.</summary>
    [Id(3)] public Dictionary<string, ServerReservation> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The placed servers whose games were admitted to run and have not stopped since.</summary>
    [Id(4)] public HashSet<string> Running { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Wakes refused because the running servers left no room, since the host registered.</summary>
    [Id(5)] public long BusyRefusals { get; set; }
}
