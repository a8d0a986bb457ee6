using Gsp.Backups;
using Gsp.GameServers;
using Gsp.Tests.GameServers;
using Gsp.Tests.Infrastructure;

namespace Gsp.Tests.Backups;

/// <summary>Backups of demo servers on real Docker, kept by the default target: a folder on the silo's machine.</summary>
[Trait("Category", "Docker")]
public sealed class LocalFolderBackupTests(LocalBackupCluster fixture) : IClassFixture<LocalBackupCluster>
{
    private const string Owner = "user-1";

    private GameServerCluster Cluster => fixture.Servers;

    [Fact]
    public async Task Local_backup_is_a_complete_file_pair_under_the_owners_folder_and_restores_the_data()
    {
        var server = await Cluster.CreateDemoAsync();
        var id = (await server.GetInfoAsync())!.Id;
        var game = new ServerResources(id).GameContainer;
        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long> { ["world/region.bin"] = 6L * 1024 * 1024, ["level.dat"] = 100 }, seed: 11);
        var original = await DataVolume.ReadAsync(Cluster.Containers, game);

        Assert.True((await server.BackUpAsync(Owner)).Succeeded);
        var done = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status == GameServerStatus.Sleeping && i.LastBackupOutcome.Length > 0, GameServerCluster.Patience);
        var backup = Assert.Single((await server.ListBackupsAsync(Owner)).Backups);

        Assert.Equal(new BackupLocation("local", BackupKeys.Prefix(Owner, id)), done!.BackupLocation);
        var folder = Path.Combine(fixture.Folder, "backups", Owner, BackupKeys.Segment(id));
        Assert.Equal([backup.Id + ".json", backup.Id + ".tar.gz"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(backup.SizeBytes, new FileInfo(Path.Combine(folder, backup.Id + ".tar.gz")).Length);

        await DataVolume.FillAsync(Cluster.Containers, game, new Dictionary<string, long> { ["level.dat"] = 5, ["extra.bin"] = 5 }, seed: 12);
        Assert.True((await server.RestoreAsync(Owner, backup.Id, confirmed: true)).Succeeded);
        var restored = await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status == GameServerStatus.Sleeping && i.LastBackupOutcome.Contains("restored", StringComparison.Ordinal), GameServerCluster.Patience);

        Assert.Equal($"backup {backup.Id} restored", restored!.LastBackupOutcome);
        Assert.Equal(original, await DataVolume.ReadAsync(Cluster.Containers, game));
    }

    [Fact]
    public async Task Deleted_backup_is_gone_from_the_list_and_the_folder()
    {
        var server = await Cluster.CreateDemoAsync();
        Assert.True((await server.BackUpAsync(Owner)).Succeeded);
        await Eventually.ValueAsync(server.GetInfoAsync, i => i!.Status == GameServerStatus.Sleeping && i.LastBackupOutcome.Length > 0, GameServerCluster.Patience);
        var backup = Assert.Single((await server.ListBackupsAsync(Owner)).Backups);
        Assert.Null(await server.GetBackupDownloadUrlAsync(Owner, backup.Id));

        var deleted = await server.DeleteBackupAsync(Owner, backup.Id);

        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Empty((await server.ListBackupsAsync(Owner)).Backups);
        Assert.Empty(Directory.GetFiles(fixture.Folder, backup.Id + "*", SearchOption.AllDirectories));
        Assert.Equal(GameServerError.NotFound, (await server.RestoreAsync(Owner, backup.Id, confirmed: true)).Error);
    }
}
