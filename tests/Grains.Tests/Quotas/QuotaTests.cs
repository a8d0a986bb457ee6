using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Quotas;

/// <summary>
/// Per-user limits on the real engine and PostgreSQL: a user at a limit is refused with QuotaExceeded and
/// a message naming it, and nothing of the refused request is made (no reservation, container or backup).
/// </summary>
[Trait("Category", "Docker")]
public sealed class QuotaTests : IAsyncLifetime
{
    private readonly GameServerCluster cluster = new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Gsp:Quotas:ServersPerUser"] = "1",
            ["Gsp:Quotas:BackupsPerServer"] = "5",
            ["Gsp:Quotas:BackupBytesPerServer"] = "1",
        },
    };

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task User_at_each_quota_is_refused_and_nothing_is_half_created()
    {
        var server = await cluster.CreateDemoAsync();
        var serverId = (await server.GetInfoAsync())!.Id;

        var placed = await cluster.Grains.CreateAsync(new CreateGameServer(GameServerCluster.Owner, "one too many", "demo", new Dictionary<string, string>(), AutoSleep: false));
        var direct = await cluster.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(cluster.HostName))
            .CreateAsync(new CreateGameServer(GameServerCluster.Owner, "one too many", "demo", new Dictionary<string, string>(), AutoSleep: false));

        Assert.Equal(GameServerError.QuotaExceeded, placed.Error);
        Assert.Contains("the most one user may have (1)", placed.Message);
        Assert.Equal(GameServerError.QuotaExceeded, direct.Error);
        var hosts = await cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).ListHostsAsync();
        Assert.Equal([serverId], hosts.SelectMany(h => h.Servers).Where(s => s.OwnerId == GameServerCluster.Owner).Select(s => s.ServerId));
        var containers = await cluster.Containers.ListContainersAsync(new Dictionary<string, string> { [ContainerLabels.Service] = cluster.ServiceId }, CancellationToken.None);
        Assert.All(containers, c => Assert.Equal(serverId, c.Labels[ContainerLabels.ServerId]));

        // The first backup fits (nothing kept yet); it then holds more than the one byte allowed.
        Assert.True((await server.BackUpAsync(GameServerCluster.Owner)).Succeeded);
        await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status == GameServerStatus.Sleeping && i.LastBackupOutcome.Length > 0, GameServerCluster.Patience);
        var second = await server.BackUpAsync(GameServerCluster.Owner);

        Assert.Equal(GameServerError.QuotaExceeded, second.Error);
        Assert.Contains("the most allowed is 0 MB", second.Message);
        Assert.Single((await server.ListBackupsAsync(GameServerCluster.Owner)).Backups);
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
    }
}
