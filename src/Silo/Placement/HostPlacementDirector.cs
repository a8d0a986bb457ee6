using Gsp.GameServers;
using Gsp.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Gsp.Silo.Placement;

/// <summary>Finds the active silo whose name is the host named in the grain's key.</summary>
public sealed class HostPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        if (!GameServerIds.TryGetHost(key, out var host))
        {
            throw new ArgumentException($"'{key}' names no host: expected '<host>.<id>'");
        }

        var members = membership.CurrentSnapshot.Members;
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active && member.Name == host)
            {
                return Task.FromResult(silo);
            }
        }

        throw new HostOfflineException(host);
    }
}
