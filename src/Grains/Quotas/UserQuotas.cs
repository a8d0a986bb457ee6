using Gsp.Backups;
using Microsoft.Extensions.Options;

namespace Gsp.Quotas;

/// <summary>
/// The quota rules, asked before anything is made: each answers null (allowed) or the message a user
/// sees. Grains call them under their own turn, so two concurrent requests never both slip under a limit.
/// </summary>
public sealed class UserQuotas(IOptions<QuotaOptions> options)
{
    /// <summary>Whether a user who has <paramref name="owned"/> servers may create another.</summary>
    public string? RefuseServer(int owned)
    {
        var limit = options.Value.ServersPerUser;
        return owned >= limit
            ? $"you have {owned} server(s), the most one user may have ({limit}); delete one to create another"
            : null;
    }

    /// <summary>Whether a server that keeps these backups may take one more by hand.</summary>
    public string? RefuseBackup(IReadOnlyCollection<BackupInfo> kept)
    {
        var limits = options.Value;
        if (kept.Count >= limits.BackupsPerServer)
        {
            return $"this server keeps {kept.Count} backup(s), the most allowed ({limits.BackupsPerServer}); delete one to take another";
        }

        var bytes = kept.Sum(b => b.SizeBytes);
        return bytes >= limits.BackupBytesPerServer
            ? $"this server's backups use {Mb(bytes)} MB, the most allowed is {Mb(limits.BackupBytesPerServer)} MB; delete one to take another"
            : null;
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
