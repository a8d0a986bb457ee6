using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Gsp.Silo.Placement;

/// <summary>
/// Finds the active silo of the host a grain belongs to. A game server's host is the one the host directory
/// holds it on (a moved server keeps its id), or, for a server the directory does not hold yet (being created),
/// the host named in its id; a per-host grain's key is the host's name.
/// </summary>
public sealed class HostPlacementDirector(IClusterMembershipService membership, IServiceProvider services) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var host = await HostOfAsync(target.GrainIdentity.Key.ToString() ?? "");
        var members = membership.CurrentSnapshot.Members;
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active && member.Name == host)
            {
                return silo;
            }
        }

        throw new HostOfflineException(host);
    }

    private async Task<string> HostOfAsync(string key)
    {
        if (GameServerIds.IsHostName(key))
        {
            return key;
        }

        if (!GameServerIds.TryGetHost(key, out var named))
        {
            throw new ArgumentException($"'{key}' names no host: expected '<host>.<id>' or a host name");
        }

        // The directory's lookup interleaves with whatever it is doing, and it is made once per activation.
        var directory = services.GetRequiredService<IGrainFactory>().GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        return await directory.FindServerAsync(key) is { } location ? location.HostName : named;
    }
}
