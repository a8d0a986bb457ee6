using Gsp.Backups;

namespace Gsp.Tests.Backups;

/// <summary>What every backup target promises, proved against each real one by the derived classes.</summary>
public abstract class BackupTargetContract
{
    protected abstract IBackupTarget Target { get; }

    protected static string NewPrefix() => BackupKeys.Prefix("user-" + Guid.NewGuid().ToString("N")[..6], BackupPayload.ServerId);

    [Fact]
    public async Task Stored_backup_is_listed_with_its_manifest_and_reads_back_byte_for_byte()
    {
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);

        var stored = await Target.StoreAsync(prefix, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 12L * 1024 * 1024 + 123, seed: 1, cancellationToken: ct), CancellationToken.None);

        var listed = Assert.Single(await Target.ListAsync(prefix, CancellationToken.None));
        Assert.Equal(stored, listed);
        Assert.Equal(12L * 1024 * 1024 + 123, listed.SizeBytes);
        var (size, sha) = await BackupPayload.ReadAsync(await Target.OpenReadAsync(prefix, id, CancellationToken.None));
        Assert.Equal(listed.SizeBytes, size);
        Assert.Equal(listed.Sha256, sha);
        Assert.Equal(listed, await Target.FindAsync(prefix, id, CancellationToken.None));
    }

    [Fact]
    public async Task Write_that_fails_half_way_leaves_nothing_listed()
    {
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Target.StoreAsync(prefix, id, (sink, ct) =>
            BackupPayload.WriteAsync(sink, id, 12L * 1024 * 1024, seed: 2, done => done >= 7L * 1024 * 1024 ? throw new IOException("the engine went away") : Task.CompletedTask, ct), CancellationToken.None));

        Assert.Contains("the engine went away", failure.Message);
        Assert.Empty(await Target.ListAsync(prefix, CancellationToken.None));
        Assert.Null(await Target.FindAsync(prefix, id, CancellationToken.None));
        await AssertNoDataAsync(prefix, id);
    }

    [Fact]
    public async Task Backups_under_one_prefix_are_not_listed_under_another()
    {
        var mine = NewPrefix();
        var theirs = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);
        await Target.StoreAsync(mine, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 1000, seed: 3, cancellationToken: ct), CancellationToken.None);

        Assert.Empty(await Target.ListAsync(theirs, CancellationToken.None));
        Assert.Null(await Target.FindAsync(theirs, id, CancellationToken.None));
        Assert.Single(await Target.ListAsync(mine, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_removes_the_backup_and_repeating_it_is_harmless()
    {
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);
        await Target.StoreAsync(prefix, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 1000, seed: 4, cancellationToken: ct), CancellationToken.None);

        await Target.DeleteAsync(prefix, id, CancellationToken.None);
        await Target.DeleteAsync(prefix, id, CancellationToken.None);

        Assert.Empty(await Target.ListAsync(prefix, CancellationToken.None));
        await AssertNoDataAsync(prefix, id);
    }

    [Fact]
    public async Task Empty_backup_is_stored_and_listed()
    {
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);

        await Target.StoreAsync(prefix, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 0, seed: 5, cancellationToken: ct), CancellationToken.None);

        Assert.Equal(0, Assert.Single(await Target.ListAsync(prefix, CancellationToken.None)).SizeBytes);
    }

    /// <summary>Neither a complete nor a partial data object of that backup exists.</summary>
    protected abstract Task AssertNoDataAsync(string prefix, string backupId);
}
