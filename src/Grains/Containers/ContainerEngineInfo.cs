namespace Gsp.Containers;

/// <summary>Who answered at the engine endpoint.</summary>
public sealed record ContainerEngineInfo(string Version, string ApiVersion, string OperatingSystem);
