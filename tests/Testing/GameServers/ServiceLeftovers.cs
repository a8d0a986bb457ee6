using Gsp.Containers;
using Gsp.GameServers;

namespace Gsp.Tests.GameServers;

/// <summary>Removes every Docker object a test service's game servers made on one engine, whatever the tests left.</summary>
public static class ServiceLeftovers
{
    /// <summary>
    /// Removes every server of the service (of one installation of it, when given). Call with the service's silos
    /// stopped: a running silo would redeploy what is removed under it.
    /// </summary>
    public static async Task RemoveAsync(IContainerRuntime runtime, string serviceId, string? installation = null)
    {
        var labels = new Dictionary<string, string> { [ContainerLabels.Service] = serviceId };
        if (installation is not null)
        {
            labels[ContainerLabels.Installation] = installation;
        }

        var leftovers = await runtime.ListContainersAsync(labels, CancellationToken.None);
        foreach (var serverId in leftovers.Select(c => c.Labels[ContainerLabels.ServerId]).Distinct())
        {
            var resources = new ServerResources(serverId);
            await runtime.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
            await runtime.RemoveContainerAsync(resources.ProxyContainer, CancellationToken.None);
            await runtime.RemoveNetworkAsync(resources.Network, CancellationToken.None);
            await runtime.RemoveVolumeAsync(resources.DataVolume, CancellationToken.None);
        }
    }
}
