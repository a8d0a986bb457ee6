using System.ComponentModel.DataAnnotations;

namespace Gsp.Quotas;

/// <summary>
/// What one user may own, so no tenant can fill the platform's hosts or backup storage. Section
/// <c>Gsp:Quotas</c>; a refusal is <see cref="GameServers.GameServerError.QuotaExceeded"/> with a message
/// naming the limit, and nothing is made.
/// </summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Gsp:Quotas";

    /// <summary>Servers one user may have (deleted ones do not count). Defaults to 10: plenty for a person, few for an abuser.</summary>
    [Range(0, 100_000)]
    public int ServersPerUser { get; set; } = 10;

    /// <summary>Backups one server may keep before its owner takes another by hand. Defaults to 20.</summary>
    [Range(0, 100_000)]
    public int BackupsPerServer { get; set; } = 20;

    /// <summary>
    /// Stored (compressed) backup bytes of one server before its owner takes another by hand. Defaults to
    /// 20 GiB: a large modded world, a few times over.
    /// </summary>
    [Range(typeof(long), "0", "9223372036854775807")]
    public long BackupBytesPerServer { get; set; } = 20L * 1024 * 1024 * 1024;
}
