using Orleans.Runtime;

namespace Gsp.Placement;

/// <summary>
/// Places a grain on the silo of the Docker host named in its key (see <c>GameServerIds</c>), because the
/// grain drives that host's Docker engine and nothing else can reach it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class HostPlacementStrategy : PlacementStrategy
{
    public static HostPlacementStrategy Instance { get; } = new();
}
