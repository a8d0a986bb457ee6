using Gsp.Backups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gsp.Tests.Backups;

/// <summary>The local-folder target on the real file system.</summary>
public sealed class LocalFolderBackupTargetTests : BackupTargetContract, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("gsp-backups-");
    private readonly LocalFolderBackupTarget _target;

    public LocalFolderBackupTargetTests() => _target = new LocalFolderBackupTarget(_root.FullName, NullLogger<LocalFolderBackupTarget>.Instance);

    protected override IBackupTarget Target => _target;

    [Fact]
    public async Task Partial_files_left_by_a_crash_are_never_listed_and_the_next_backup_removes_them()
    {
        var prefix = NewPrefix();
        var folder = Path.Combine(_root.FullName, prefix.TrimEnd('/'));
        Directory.CreateDirectory(folder);
        var crashed = BackupKeys.NewId(DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(Path.Combine(folder, crashed + ".tar.gz.partial"), "half a world");

        Assert.Empty(await _target.ListAsync(prefix, CancellationToken.None));

        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);
        await _target.StoreAsync(prefix, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 1000, seed: 6, cancellationToken: ct), CancellationToken.None);
        Assert.Equal([id + ".json", id + ".tar.gz"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ids_that_are_not_backup_ids_never_reach_the_file_system()
    {
        var prefix = NewPrefix();

        await Assert.ThrowsAsync<ArgumentException>(() => _target.DeleteAsync(prefix, "../../../etc/passwd", CancellationToken.None));
        Assert.Null(await _target.FindAsync(NewPrefix(), BackupKeys.NewId(DateTimeOffset.UtcNow), CancellationToken.None));
    }

    protected override Task AssertNoDataAsync(string prefix, string backupId)
    {
        var folder = Path.Combine(_root.FullName, prefix.TrimEnd('/'));
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, backupId + "*") : []);
        return Task.CompletedTask;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
