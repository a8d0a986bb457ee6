namespace Gsp.Containers;

/// <summary>A container port bound to a port of the host. <see cref="HostIp"/> null binds every address.</summary>
public sealed record PublishedPort(int ContainerPort, int HostPort, PortProtocol Protocol, string? HostIp = null);
