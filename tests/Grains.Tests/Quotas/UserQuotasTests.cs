using Gsp.Backups;
using Gsp.Quotas;
using Microsoft.Extensions.Options;

namespace Gsp.Tests.Quotas;

public sealed class UserQuotasTests
{
    private readonly UserQuotas quotas = new(Options.Create(new QuotaOptions { ServersPerUser = 2, BackupsPerServer = 2, BackupBytesPerServer = 1000 }));

    [Fact]
    public void Server_quota_allows_up_to_the_limit_and_names_it_beyond()
    {
        Assert.Null(quotas.RefuseServer(1));
        Assert.Equal("you have 2 server(s), the most one user may have (2); delete one to create another", quotas.RefuseServer(2));
    }

    [Fact]
    public void Backup_quota_counts_backups_and_their_bytes()
    {
        Assert.Null(quotas.RefuseBackup([Backup(100)]));
        Assert.Contains("keeps 2 backup(s), the most allowed (2)", quotas.RefuseBackup([Backup(1), Backup(1)]));
        Assert.Contains("delete one to take another", quotas.RefuseBackup([Backup(1000)]));
    }

    private static BackupInfo Backup(long bytes) => new()
    {
        Id = "20261201-000000-" + Guid.NewGuid().ToString("N")[..6],
        ServerId = "s",
        OwnerId = "o",
        CreatedAt = DateTimeOffset.UnixEpoch,
        SizeBytes = bytes,
        Sha256 = "",
        Reason = BackupReason.Manual,
        RequestedBy = "o",
        DataPath = "/data",
    };
}
