namespace Gsp.Backups;

/// <summary>Where backups go and how they are made. Section <c>Gsp:Backups</c>; checked at start by <see cref="BackupOptionsValidator"/>.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Gsp:Backups";

    /// <summary>
    /// The target new servers keep their backups in: <c>local</c> (the default, needs nothing) or
    /// <c>s3</c> (needs <see cref="S3"/>). A server keeps the target it first used.
    /// </summary>
    public string Target { get; set; } = LocalFolderBackupTarget.TargetName;

    /// <summary>
    /// The folder of the local target, absolute. Defaults to <c>backups</c> in the user's local data
    /// folder (<c>~/.local/share/gsp/backups</c> on Linux), which survives reinstalls of the platform.
    /// </summary>
    public string LocalPath { get; set; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "gsp", "backups");

    /// <summary>The S3-compatible target (AWS S3, Google Cloud Storage, MinIO...); configured when its bucket is set.</summary>
    public S3BackupOptions S3 { get; set; } = new();

    /// <summary>
    /// The shortest schedule interval an owner may set. Defaults to one hour: each backup stops the game,
    /// so a shorter one would keep interrupting players.
    /// </summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most scheduled backups a server may keep. Defaults to 100.</summary>
    public int MaximumKeep { get; set; } = 100;

    /// <summary>
    /// The gzip level (1–9). Defaults to 2: the fastest level that stores incompressible data (worlds
    /// are mostly compressed region files already) as is; level 1 grows such data by about 5%, and
    /// higher levels gain under 1% on text at half the speed.
    /// </summary>
    public int CompressionLevel { get; set; } = 2;

    /// <summary>How long a signed download URL (S3 target) stays valid. Defaults to 15 minutes: enough to start a large download, short if the link leaks.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The size of one chunk of a download. Defaults to 64 KiB: small grain messages, few of them per batch.</summary>
    public int DownloadChunkBytes { get; set; } = 64 * 1024;
}
