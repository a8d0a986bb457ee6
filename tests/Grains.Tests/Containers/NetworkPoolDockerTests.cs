using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Containers;

/// <summary>
/// Servers' networks on a real engine with default address pools: an engine's own pools hold about 30
/// bridge networks; GSP's pool holds thousands. Everything made is labelled for tests and removed.
/// </summary>
[Trait("Category", "Docker")]
public sealed class NetworkPoolDockerTests : IAsyncLifetime
{
    private const int Servers = 100;
    private readonly DockerContainerRuntime runtime = TestDocker.CreateRuntime();
    private readonly string prefix = TestDocker.UniqueName("pool");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Servers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await runtime.RemoveContainerAsync(Name(i), ct);
            await runtime.RemoveNetworkAsync(Name(i), ct);
        });
        runtime.Dispose();
    }

    [Fact]
    public async Task A_hundred_servers_networks_with_their_sidecars_all_deploy_on_an_engine_with_default_pools()
    {
        var labels = new Dictionary<string, string>(TestDocker.Labels) { [ContainerLabels.Role] = "network" };

        await Parallel.ForEachAsync(Enumerable.Range(0, Servers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await runtime.EnsureNetworkAsync(new NetworkSpec(Name(i), labels), ct);
            await runtime.CreateContainerAsync(new ContainerSpec
            {
                Name = Name(i),
                Image = "gsp/demo-game:dev",
                Labels = TestDocker.Labels,
                Network = Name(i),
                NetworkAliases = [ServerResources.GameAlias],
                AddressIndex = NetworkAddressPlan.Proxy,
                MemoryBytes = 32L * 1024 * 1024,
            }, ct);
            await runtime.StartContainerAsync(Name(i), ct);
        });

        for (var i = 0; i < Servers; i++)
        {
            var state = await runtime.InspectContainerAsync(Name(i), CancellationToken.None);
            Assert.True(state?.Running, $"{Name(i)} is not running");
            Assert.NotNull(await runtime.FindNetworkIdAsync(Name(i), CancellationToken.None));
        }
    }

    private string Name(int i) => $"{prefix}-{i}";
}
