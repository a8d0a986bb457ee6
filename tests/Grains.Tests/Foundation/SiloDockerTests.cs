using Gsp.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Gsp.Tests.Foundation;

[Trait("Category", "Docker")]
public sealed class SiloDockerTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        cluster = GspTestCluster.CreateBuilder(database.ConnectionString, "docker-" + Guid.NewGuid().ToString("N")[..8], "gsp-tests").Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Silo_reaches_the_real_Docker_engine_and_creates_and_removes_a_labelled_network()
    {
        var name = TestDocker.UniqueName("net");
        var probe = cluster.GrainFactory.GetGrain<IDockerProbeGrain>(0);

        var (existed, existsAfter) = await probe.CreateAndRemoveNetworkAsync(name, new Dictionary<string, string>(TestDocker.Labels));

        Assert.True(existed, "the network was not there after the silo created it");
        Assert.False(existsAfter, "the network was still there after the silo removed it");
    }
}
