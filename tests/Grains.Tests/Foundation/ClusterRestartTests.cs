using Gsp.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Gsp.Tests.Foundation;

/// <summary>The ground everything stands on: state and reminders in PostgreSQL outlive the whole cluster.</summary>
[Trait("Category", "PostgreSQL")]
public sealed class ClusterRestartTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private readonly string clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string serviceId = "gsp-tests";

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task Grain_state_written_through_AdoNet_survives_a_full_cluster_restart()
    {
        await using (var first = await StartClusterAsync())
        {
            var notebook = first.GrainFactory.GetGrain<INotebookGrain>("survivor");
            await notebook.WriteAsync("first line");
            await notebook.WriteAsync("second line");
            await first.StopAllSilosAsync();
        }

        await using var second = await StartClusterAsync();
        var lines = await second.GrainFactory.GetGrain<INotebookGrain>("survivor").ReadAsync();
        Assert.Equal(["first line", "second line"], lines);
    }

    [Fact]
    public async Task Reminder_registered_before_a_restart_fires_after_it()
    {
        DateTimeOffset restartedAt;
        await using (var first = await StartClusterAsync())
        {
            // Due well after the restart completes, so every tick that arrives comes from the new cluster.
            await first.GrainFactory.GetGrain<IAlarmGrain>("wake-me").ArmAsync(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));
            await first.StopAllSilosAsync();
        }

        restartedAt = DateTimeOffset.UtcNow;
        await using var second = await StartClusterAsync();
        var alarm = second.GrainFactory.GetGrain<IAlarmGrain>("wake-me");
        var ticks = await Eventually.ValueAsync(alarm.TicksAsync, t => t.Count >= 2, TimeSpan.FromSeconds(60));
        await alarm.DisarmAsync();

        Assert.All(ticks, tick => Assert.True(tick >= restartedAt, $"tick at {tick:O} came before the restart at {restartedAt:O}"));
    }

    private async Task<TestCluster> StartClusterAsync()
    {
        var fixture = new GspTestCluster(database) { ClusterId = clusterId, ServiceId = serviceId };
        await fixture.StartAsync();
        return fixture.Cluster;
    }
}
