using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Foundation;

[Trait("Category", "Docker")]
public sealed class SiloDockerTests : IAsyncLifetime
{
    private readonly GspTestCluster cluster = new() { ClusterId = "docker-" + Guid.NewGuid().ToString("N")[..8], ServiceId = "gsp-tests" };

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Silo_reaches_the_real_Docker_engine_and_creates_and_removes_a_labelled_network()
    {
        var name = TestDocker.UniqueName("net");
        var probe = cluster.Grains.GetGrain<IDockerProbeGrain>(0);

        var (existed, existsAfter) = await probe.CreateAndRemoveNetworkAsync(name, new Dictionary<string, string>(TestDocker.Labels));

        Assert.True(existed, "the network was not there after the silo created it");
        Assert.False(existsAfter, "the network was still there after the silo removed it");
    }
}
