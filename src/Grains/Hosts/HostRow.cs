namespace Gsp.Hosts;

/// <summary>One host as the directory stores it: its registration, draining flag, since when it is known, refused wakes.</summary>
public sealed record HostRow(HostRegistration Registration, bool Draining, DateTimeOffset RegisteredAt, long BusyRefusals);
