namespace Gsp.Containers;

/// <summary>A named volume mounted at a path inside the container.</summary>
public sealed record VolumeMount(string VolumeName, string ContainerPath);
