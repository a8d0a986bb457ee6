using System.Security.Cryptography;
using Gsp.Backups;
using Gsp.GameServers;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;
using Gsp.Wallets;
using Xunit.Abstractions;

namespace Gsp.Tests.Backups;

/// <summary>Backups of demo servers on real Docker, stored in a real S3-compatible server.</summary>
[Trait("Category", "Docker")]
public sealed class GameServerBackupTests(S3BackupCluster fixture, ITestOutputHelper output) : IClassFixture<S3BackupCluster>
{
    private const string Owner = "user-1";
    private const string Stranger = "user-2";
    private static readonly TimeSpan LongPatience = TimeSpan.FromMinutes(4);

    private GameServerCluster Cluster => fixture.Servers;

    [Fact]
    public async Task Backup_of_200_MB_is_restored_byte_for_byte_after_the_data_was_replaced()
    {
        var server = await Cluster.CreateDemoAsync();
        var id = (await server.GetInfoAsync())!.Id;
        var game = new ServerResources(id).GameContainer;
        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long>
        {
            ["region/r.0.0.mca"] = 80L * 1024 * 1024,
            ["region/r.0.1.mca"] = 70L * 1024 * 1024,
            ["region/r.1.0.mca"] = 50L * 1024 * 1024,
            ["level.dat"] = 4321,
        }, seed: 42);
        var original = await DataVolume.ReadAsync(Cluster.Containers, game);
        Assert.Equal(200L * 1024 * 1024 + 4321, original.Values.Sum(f => f.Size));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var started = await server.BackUpAsync(Owner);
        Assert.True(started.Succeeded, started.Message);
        Assert.Equal(GameServerStatus.BackingUp, started.Server!.Status);
        var backupId = started.Server.BackupProgress!.BackupId;
        var progress = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.BackupProgress is { BytesDone: > 0 } || i.Status == GameServerStatus.Sleeping, LongPatience);
        var done = await WaitSettledAsync(server);
        output.WriteLine($"backup of 200 MB: {clock.Elapsed.TotalSeconds:F1} s ({done.LastBackupOutcome})");
        Assert.StartsWith($"backup {backupId} taken", done.LastBackupOutcome);
        Assert.True(progress!.Status == GameServerStatus.Sleeping || progress.BackupProgress!.BytesDone > 0, "no progress was shown");
        var backup = Assert.Single((await server.ListBackupsAsync(Owner)).Backups);
        Assert.Equal(backupId, backup.Id);
        Assert.Equal(BackupReason.Manual, backup.Reason);
        Assert.InRange(backup.SizeBytes, 200L * 1024 * 1024, 202L * 1024 * 1024);
        Assert.Equal(new BackupLocation("s3", BackupKeys.Prefix(Owner, id)), done.BackupLocation);

        // Replace the data: other contents under the same names, and a file the backup never had.
        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long> { ["region/r.0.0.mca"] = 10, ["level.dat"] = 10, ["junk.bin"] = 1000 }, seed: 7);
        Assert.NotEqual(original, await DataVolume.ReadAsync(Cluster.Containers, game));

        var refused = await server.RestoreAsync(Owner, backupId, confirmed: false);
        Assert.Equal(GameServerError.InvalidRequest, refused.Error);
        clock.Restart();
        var restoring = await server.RestoreAsync(Owner, backupId, confirmed: true);
        Assert.True(restoring.Succeeded, restoring.Message);
        var restored = await WaitSettledAsync(server);
        output.WriteLine($"restore of 200 MB: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal($"backup {backupId} restored", restored.LastBackupOutcome);
        Assert.Equal(original, await DataVolume.ReadAsync(Cluster.Containers, game));
    }

    [Fact]
    public async Task Download_streams_the_stored_bytes_in_chunks_that_match_the_checksum()
    {
        var server = await Cluster.CreateDemoAsync();
        var game = new ServerResources((await server.GetInfoAsync())!.Id).GameContainer;
        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long> { ["world.bin"] = 3L * 1024 * 1024 }, seed: 3);
        var backup = await BackUpAsync(server);

        using var sha = SHA256.Create();
        long size = 0;
        var chunks = 0;
        await foreach (var chunk in server.DownloadBackupAsync(Owner, backup.Id))
        {
            sha.TransformBlock(chunk, 0, chunk.Length, null, 0);
            size += chunk.Length;
            chunks++;
        }

        sha.TransformFinalBlock([], 0, 0);
        Assert.Equal(backup.SizeBytes, size);
        Assert.Equal(backup.Sha256, Convert.ToHexStringLower(sha.Hash!));
        Assert.True(chunks > 1, "the download came in one piece");

        var url = await server.GetBackupDownloadUrlAsync(Owner, backup.Id);
        Assert.NotNull(url);
        using var http = new HttpClient();
        var (directSize, directSha) = await BackupPayload.ReadAsync(await http.GetStreamAsync(url));
        Assert.Equal((backup.SizeBytes, backup.Sha256), (directSize, directSha));
        Assert.Null(await server.GetBackupDownloadUrlAsync(Stranger, backup.Id));
    }

    [Fact]
    public async Task One_users_backups_are_invisible_and_untouchable_to_another_user()
    {
        var server = await Cluster.CreateDemoAsync();
        var backup = await BackUpAsync(server);

        Assert.Equal(GameServerError.NotFound, (await server.ListBackupsAsync(Stranger)).Error);
        Assert.Empty((await server.ListBackupsAsync(Stranger)).Backups);
        Assert.Equal(GameServerError.NotFound, (await server.BackUpAsync(Stranger)).Error);
        Assert.Equal(GameServerError.NotFound, (await server.RestoreAsync(Stranger, backup.Id, confirmed: true)).Error);
        Assert.Equal(GameServerError.NotFound, (await server.DeleteBackupAsync(Stranger, backup.Id)).Error);
        Assert.Equal(GameServerError.NotFound, (await server.ConfigureBackupsAsync(Stranger, new BackupSchedule(TimeSpan.FromHours(1)))).Error);
        Assert.Empty(await ToListAsync(server.DownloadBackupAsync(Stranger, backup.Id)));

        // The stranger's refusals changed nothing, and their own server lists only their own backups.
        Assert.Single((await server.ListBackupsAsync(Owner)).Backups);
        Assert.Equal(GameServerStatus.Sleeping, (await server.GetInfoAsync())!.Status);
        var theirs = Cluster.Grains.GetGrain<IGameServerGrain>(GameServerIds.New(Cluster.HostName));
        Assert.True((await Cluster.Grains.GetGrain<IWalletGrain>(Stranger).DepositAsync(new Deposit(10m, "stranger-funds"))).Succeeded);
        Assert.True((await theirs.CreateAsync(new CreateGameServer(Stranger, "theirs", "demo", new Dictionary<string, string>(), AutoSleep: false))).Succeeded);
        await GameServerCluster.WaitForAsync(theirs, GameServerStatus.Sleeping);
        Assert.Empty((await theirs.ListBackupsAsync(Stranger)).Backups);
        Assert.Equal(GameServerError.NotFound, (await theirs.ListBackupsAsync(Owner)).Error);
    }

    [Fact]
    public async Task Backup_of_a_running_server_stops_the_game_for_it_and_starts_it_again()
    {
        var server = await Cluster.CreateDemoAsync();
        await server.WakeAsync();
        var info = await GameServerCluster.WaitForAsync(server, GameServerStatus.Running);
        var game = new ServerResources(info.Id).GameContainer;

        var started = await server.BackUpAsync(Owner);
        Assert.True(started.Succeeded, started.Message);
        var done = await WaitSettledAsync(server);

        Assert.Equal(GameServerStatus.Running, done.Status);
        Assert.StartsWith("backup ", done.LastBackupOutcome);
        Assert.True((await Cluster.Containers.InspectContainerAsync(game, CancellationToken.None))!.Running, "the game was not started again");
        var files = await DataVolume.ReadAsync(Cluster.Containers, game);
        Assert.Contains("data/starts.log", files.Keys);
    }

    [Fact]
    public async Task Scheduled_backups_keep_only_the_newest_ones()
    {
        var server = await Cluster.CreateDemoAsync();
        var manual = await BackUpAsync(server);

        var configured = await server.ConfigureBackupsAsync(Owner, new BackupSchedule(TimeSpan.FromSeconds(2), KeepNewest: 2));
        Assert.True(configured.Succeeded, configured.Message);
        var seen = new HashSet<string>();
        await Eventually.ValueAsync(async () =>
        {
            seen.UnionWith((await server.ListBackupsAsync(Owner)).Backups.Where(b => b.Reason == BackupReason.Scheduled).Select(b => b.Id));
            return (await server.GetInfoAsync())!;
        }, i => i.LastBackupOutcome.Contains("removed", StringComparison.Ordinal) && seen.Count >= 3, LongPatience);
        Assert.True((await server.ConfigureBackupsAsync(Owner, BackupSchedule.None)).Succeeded);
        await WaitSettledAsync(server);

        var backups = (await server.ListBackupsAsync(Owner)).Backups;
        var scheduled = backups.Where(b => b.Reason == BackupReason.Scheduled).Select(b => b.Id).ToList();
        seen.UnionWith(scheduled);
        Assert.Equal(seen.Order(StringComparer.Ordinal).TakeLast(2), scheduled.Order(StringComparer.Ordinal));
        Assert.Contains(backups, b => b.Id == manual.Id);
        Assert.All(backups.Where(b => b.Reason == BackupReason.Scheduled), b => Assert.Equal("schedule", b.RequestedBy));
    }

    [Fact]
    public async Task Schedule_faster_than_the_minimum_or_keeping_nothing_is_refused()
    {
        var server = await Cluster.CreateDemoAsync();

        Assert.Equal(GameServerError.InvalidRequest, (await server.ConfigureBackupsAsync(Owner, new BackupSchedule(TimeSpan.FromMilliseconds(200)))).Error);
        Assert.Equal(GameServerError.InvalidRequest, (await server.ConfigureBackupsAsync(Owner, new BackupSchedule(TimeSpan.FromHours(1), KeepNewest: 0))).Error);
        Assert.Equal(BackupSchedule.None, (await server.GetInfoAsync())!.BackupSchedule);
    }

    [Fact]
    public async Task Backup_before_delete_keeps_the_data_after_the_server_is_gone()
    {
        var server = await Cluster.CreateDemoAsync();
        var game = new ServerResources((await server.GetInfoAsync())!.Id).GameContainer;
        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long> { ["world.bin"] = 1024 * 1024 }, seed: 5);
        Assert.True((await server.ConfigureBackupsAsync(Owner, new BackupSchedule(null, BeforeDelete: true))).Succeeded);

        var deleting = await server.DeleteAsync();
        Assert.True(deleting.Succeeded, deleting.Message);
        await GameServerCluster.WaitForAsync(server, GameServerStatus.Deleted);

        var backup = Assert.Single((await server.ListBackupsAsync(Owner)).Backups);
        Assert.Equal(BackupReason.BeforeDelete, backup.Reason);
        Assert.InRange(backup.SizeBytes, 1024 * 1024, 2 * 1024 * 1024);
        Assert.Equal(GameServerError.NotFound, (await server.ListBackupsAsync(Stranger)).Error);
    }

    [Fact]
    public async Task Backup_while_the_target_is_down_fails_cleanly_and_nothing_is_listed()
    {
        var server = await Cluster.CreateDemoAsync();
        await fixture.S3.StopAsync();
        try
        {
            Assert.True((await server.BackUpAsync(Owner)).Succeeded);
            var done = await WaitSettledAsync(server);

            Assert.Equal(GameServerStatus.Sleeping, done.Status);
            Assert.StartsWith("backup failed: ", done.LastBackupOutcome);
            Assert.Null(done.BackupProgress);
        }
        finally
        {
            await fixture.S3.StartAsync();
        }

        Assert.Empty((await server.ListBackupsAsync(Owner)).Backups);
    }

    [Fact]
    public async Task Backup_interrupted_by_a_silo_stop_is_resumed_by_the_next_activation()
    {
        var server = await Cluster.CreateDemoAsync();
        var serverId = (await server.GetInfoAsync())!.Id;
        await DataVolume.FillAsync(Cluster.Containers, new ServerResources(serverId).GameContainer, new Dictionary<string, long> { ["world.bin"] = 2L * 1024 * 1024 }, seed: 13);

        // The target hangs, so the backup is still under way when the silo goes away.
        fixture.S3.Pause();
        string backupId;
        try
        {
            var started = await server.BackUpAsync(Owner);
            Assert.True(started.Succeeded, started.Message);
            backupId = started.Server!.BackupProgress!.BackupId;
            await Cluster.StopAsync();
        }
        finally
        {
            fixture.S3.Resume();
        }

        await Cluster.StartAsync();
        var resumed = Cluster.Grains.GetGrain<IGameServerGrain>(serverId);
        var done = await WaitSettledAsync(resumed);

        Assert.Equal(GameServerStatus.Sleeping, done.Status);
        Assert.Equal($"backup {backupId} taken", done.LastBackupOutcome[..$"backup {backupId} taken".Length]);
        var backup = Assert.Single((await resumed.ListBackupsAsync(Owner)).Backups);
        Assert.Equal(backupId, backup.Id);
    }

    private static async Task<BackupInfo> BackUpAsync(IGameServerGrain server)
    {
        var started = await server.BackUpAsync(Owner);
        Assert.True(started.Succeeded, started.Message);
        var done = await WaitSettledAsync(server);
        Assert.StartsWith($"backup {started.Server!.BackupProgress!.BackupId} taken", done.LastBackupOutcome);
        return (await server.ListBackupsAsync(Owner)).Backups.First(b => b.Id == started.Server.BackupProgress.BackupId);
    }

    private static async Task<GameServerInfo> WaitSettledAsync(IGameServerGrain server) =>
        (await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status is not (GameServerStatus.BackingUp or GameServerStatus.Restoring or GameServerStatus.Deleting), LongPatience))!;

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
