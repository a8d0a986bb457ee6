using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gsp.Containers;

// Servers' networks take their subnets from GSP's own pool (DockerHostOptions.NetworkPool), so an engine
// with default settings holds thousands of them, and every container has the address the firewall expects.
public sealed partial class DockerContainerRuntime
{
    // Subnets tried per create when other processes (another silo, another installation) take the same
    // free subnet at the same moment; each loss costs one engine call.
    private const int SubnetAttempts = 16;

    /// <summary>Reads of the interface list before a transient failure counts as the machine not answering.</summary>
    private const int InterfaceListAttempts = 5;

    // Allocations in this process take turns, so two of our own creates never race for one subnet.
    private readonly SemaphoreSlim _subnetGate = new(1, 1);

    private async Task CreateNetworkFromPoolAsync(NetworkSpec spec, CancellationToken ct)
    {
        await _subnetGate.WaitAsync(ct);
        try
        {
            if (await LookUpNetworkIdAsync(spec.Name, ct) is not null)
            {
                return;
            }

            var taken = await TakenSubnetsAsync(ct);
            foreach (var subnet in _subnets.Subnets().Where(s => !taken.Any(t => SubnetPool.Overlap(s, t))).Take(SubnetAttempts))
            {
                try
                {
                    await _client.Networks.CreateNetworkAsync(new NetworksCreateParameters
                    {
                        Name = spec.Name,
                        Driver = "bridge",
                        Internal = spec.Internal,
                        Labels = new Dictionary<string, string>(spec.Labels),
                        IPAM = new IPAM
                        {
                            Driver = "default",
                            Config = [new IPAMConfig { Subnet = subnet.ToString(), Gateway = SubnetPool.Address(subnet, NetworkAddressPlan.Gateway).ToString() }],
                        },

                        // Without it, engines before API 1.44 happily create a second network of the same name.
                        CheckDuplicate = true,
                    }, ct);
                    LogNetworkCreated(spec.Name, subnet.ToString());
                    return;
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
                {
                    // Created by a concurrent caller between our lookup and our create: that is what we wanted.
                    return;
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Forbidden && e.ResponseBody.Contains("overlap", StringComparison.OrdinalIgnoreCase))
                {
                    // Taken by another process since we listed: try the next free one.
                    LogSubnetTaken(subnet.ToString(), spec.Name);
                }
            }

            throw new ContainerRuntimeException($"cannot create network {spec.Name}: no free subnet left in the network pool {_subnets} (Gsp:Host:NetworkPool)");
        }
        finally
        {
            _subnetGate.Release();
        }
    }

    /// <summary>
    /// Every IPv4 subnet in use: the engine's networks, ours or not, and this machine's interfaces (another
    /// engine's bridges, the LAN), whose routes a server's network must not shadow.
    /// </summary>
    private async Task<List<IPNetwork>> TakenSubnetsAsync(CancellationToken ct)
    {
        var networks = await _client.Networks.ListNetworksAsync(new NetworksListParameters(), ct);
        var interfaces = await InterfaceSubnetsAsync(ct);
        return networks
            .SelectMany(n => n.IPAM?.Config ?? [])
            .Select(c => IPNetwork.TryParse(c.Subnet ?? "", out var subnet) ? subnet : (IPNetwork?)null)
            .OfType<IPNetwork>()
            .Where(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            .Concat(interfaces)
            .ToList();
    }

    /// <summary>
    /// This machine's IPv4 interface subnets. Listing the interfaces while an engine adds or removes one (a container's
    /// veth) can fail with "An invalid IP address was specified" (dotnet/runtime#49515; seen in CI with networks created
    /// eight at a time): transient, so it is read again a few times, and then reported like an engine that did not
    /// answer, which the power actions retry, rather than as a refusal.
    /// </summary>
    private async Task<List<IPNetwork>> InterfaceSubnetsAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                    .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a.Address))
                    .Select(a => SubnetPool.Containing(a.Address, a.PrefixLength))
                    .ToList();
            }
            catch (ArgumentException ex) when (attempt < InterfaceListAttempts)
            {
                LogInterfacesUnreadable(attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), _time, ct);
            }
            catch (ArgumentException ex)
            {
                throw new ContainerRuntimeUnavailableException($"cannot list this machine's network interfaces: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Host number <paramref name="index"/> of the network's subnet; null when the network's subnet is not
    /// one of the pool's (a network the engine addressed itself takes no fixed address).
    /// </summary>
    private async Task<IPAddress?> FixedAddressAsync(string network, int index, CancellationToken ct)
    {
        if (await LookUpNetworkIdAsync(network, ct) is not { } id)
        {
            return null;
        }

        var details = await _client.Networks.InspectNetworkAsync(id, ct);
        foreach (var config in details.IPAM?.Config ?? [])
        {
            if (IPNetwork.TryParse(config.Subnet ?? "", out var subnet)
                && subnet.PrefixLength == _subnets.PrefixLength
                && _subnets.Range.Contains(subnet.BaseAddress))
            {
                return SubnetPool.Address(subnet, index);
            }
        }

        return null;
    }
}
