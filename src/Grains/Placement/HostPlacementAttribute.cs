using Orleans.Placement;

namespace Gsp.Placement;

/// <summary>Marks a grain class as placed on the silo of the host its key names.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class HostPlacementAttribute() : PlacementAttribute(HostPlacementStrategy.Instance);
