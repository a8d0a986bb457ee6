using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Tests.Fakes;
using Gsp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gsp.Tests.Hosts;

/// <summary>
/// What a change costs the host directory and a host's ports on a host that already holds ten thousand
/// servers, counted in rows written (in-memory stores that count; the PostgreSQL ones write one row per
/// call, see <see cref="HostRowsStoreTests"/>). The rows are seeded as if an earlier run wrote them, and the
/// silo restarts so the grains load them as they would after any restart.
/// </summary>
public sealed class HostRowsScalingTests : IAsyncLifetime
{
    private const int Servers = 10_000;
    private const int FirstPort = 10_000;
    private const int LastPort = 64_999;

    private readonly InMemoryHostDirectoryStore directoryRows = new();
    private readonly InMemoryHostPortStore portRows = new();
    private readonly GspTestCluster cluster;

    public HostRowsScalingTests()
    {
        cluster = new GspTestCluster
        {
            Services = services =>
            {
                services.AddSingleton<IHostDirectoryStore>(directoryRows);
                services.AddSingleton<IHostPortStore>(portRows);
            },
        };
    }

    private IHostDirectoryGrain Directory => cluster.Grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    public async Task InitializeAsync()
    {
        await cluster.StartAsync();
        var host = cluster.HostName;
        await cluster.StopAsync();

        // Every other port is held, so the free ports are as fragmented as they get: ten thousand sleeping
        // servers of a thousand owners, one in ten running.
        var registration = new HostRegistration(host, "127.0.0.1", new HostCapacity(1_000_000, 10_000, FirstPort, LastPort));
        var placed = Enumerable.Range(0, Servers)
            .Select(i => new ServerRow(host, new ServerReservation($"{host}.seed{i:D5}", $"owner-{i % 1000}", $"seed {i}", "demo", 64, 0.25m, 1), i % 10 == 0))
            .ToList();
        directoryRows.Seed(new HostRow(registration, false, DateTimeOffset.UnixEpoch, 0), placed);
        portRows.Seed(host, placed.Select((row, i) => KeyValuePair.Create(row.Server.ServerId, new PortBlock(FirstPort + 2 * i, 1))));
        await cluster.StartAsync();
        await Directory.RegisterAsync(registration);
    }

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task A_placement_wake_stop_and_release_on_a_host_with_ten_thousand_servers_each_write_one_row()
    {
        var view = (await Directory.ListHostsAsync()).Single(h => h.Name == cluster.HostName);
        Assert.Equal(Servers, view.Servers.Count);
        Assert.Equal(Servers / 10, view.RunningServers.Count);
        Assert.Equal(Servers / 10 * 64, view.UsedMemoryMb);

        var (directoryBefore, portsBefore) = (directoryRows.RowsWritten, portRows.RowsWritten);
        var choice = await Directory.ChooseHostAsync(new CreateGameServer("owner-new", "the new one", "demo", new Dictionary<string, string>()));

        Assert.True(choice.Succeeded, choice.Message);
        Assert.Equal(1, directoryRows.RowsWritten - directoryBefore);
        Assert.Equal(1, portRows.RowsWritten - portsBefore);
        var ports = await cluster.Grains.GetGrain<IHostPortsGrain>(cluster.HostName).ListAsync();
        Assert.Equal(FirstPort + 1, ports[choice.ServerId]);

        directoryBefore = directoryRows.RowsWritten;
        Assert.True((await Directory.AdmitAsync(choice.ServerId, evenIfFull: false)).Succeeded);
        Assert.Equal(1, directoryRows.RowsWritten - directoryBefore);

        directoryBefore = directoryRows.RowsWritten;
        await Directory.StoppedAsync(choice.ServerId);
        Assert.Equal(1, directoryRows.RowsWritten - directoryBefore);

        (directoryBefore, portsBefore) = (directoryRows.RowsWritten, portRows.RowsWritten);
        await Directory.ReleaseAsync(choice.ServerId);
        Assert.Equal(1, directoryRows.RowsWritten - directoryBefore);
        Assert.Equal(1, portRows.RowsWritten - portsBefore);
        Assert.Equal(Servers, directoryRows.ServerCount);
        Assert.Null(await Directory.FindServerAsync(choice.ServerId));
    }

    [Fact]
    public async Task The_server_quota_counts_the_owners_loaded_servers()
    {
        // Each of the thousand seeded owners holds ten servers: the default quota of ten.
        var refused = await Directory.ChooseHostAsync(new CreateGameServer("owner-7", "eleventh", "demo", new Dictionary<string, string>()));
        var found = await Directory.FindServerAsync($"{cluster.HostName}.seed00007");

        Assert.Equal(GameServerError.QuotaExceeded, refused.Error);
        Assert.Equal("owner-7", found!.Server.OwnerId);
        Assert.True(found.HostOnline);
    }
}
