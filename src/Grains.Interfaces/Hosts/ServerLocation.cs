namespace Gsp.Hosts;

/// <summary>
/// Where a server lives and whether that host is reachable, read from the host directory without
/// activating the server's grain: a server whose host is offline is listed as such, not as an error.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServerLocation(
    [property: Id(0)] string HostName,
    [property: Id(1)] bool HostOnline,
    [property: Id(2)] ServerReservation Server);
