using Microsoft.Extensions.Options;

namespace Gsp.Backups;

/// <summary>Rules that span keys (the chosen target must be configured), so a bad setting stops the silo at start with a clear line.</summary>
public sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        var problems = new List<string>();
        if (options.Target is not (LocalFolderBackupTarget.TargetName or S3BackupTarget.TargetName))
        {
            problems.Add($"Gsp:Backups:Target must be '{LocalFolderBackupTarget.TargetName}' or '{S3BackupTarget.TargetName}', not '{options.Target}'");
        }

        if (!Path.IsPathFullyQualified(options.LocalPath))
        {
            problems.Add($"Gsp:Backups:LocalPath must be an absolute path, not '{options.LocalPath}'");
        }

        if (options.MinimumInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add("Gsp:Backups:MinimumInterval must be at least one second");
        }

        if (options.MaximumKeep is < 1 or > 10_000)
        {
            problems.Add("Gsp:Backups:MaximumKeep must be 1–10000");
        }

        if (options.DownloadUrlLifetime < TimeSpan.FromMinutes(1) || options.DownloadUrlLifetime > TimeSpan.FromDays(7))
        {
            problems.Add("Gsp:Backups:DownloadUrlLifetime must be between one minute and seven days (S3's longest signature)");
        }

        if (options.CompressionLevel is < 1 or > 9)
        {
            problems.Add("Gsp:Backups:CompressionLevel must be 1–9");
        }

        if (options.DownloadChunkBytes is < 4096 or > 4 * 1024 * 1024)
        {
            problems.Add("Gsp:Backups:DownloadChunkBytes must be 4096–4194304");
        }

        var s3 = options.S3;
        if (options.Target == S3BackupTarget.TargetName && !s3.IsConfigured)
        {
            problems.Add("Gsp:Backups:Target is 's3' but Gsp:Backups:S3:Bucket is not set");
        }

        if (s3.IsConfigured)
        {
            if (s3.AccessKey.Length == 0 || s3.SecretKey.Length == 0)
            {
                problems.Add("Gsp:Backups:S3:AccessKey and SecretKey are required with a bucket");
            }

            if (s3.ServiceUrl.Length > 0 && !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            {
                problems.Add($"Gsp:Backups:S3:ServiceUrl must be an http(s) URL, not '{s3.ServiceUrl}'");
            }

            if (s3.Region.Length == 0)
            {
                problems.Add("Gsp:Backups:S3:Region must not be empty");
            }

            if (s3.PartSizeMb is < 5 or > 512)
            {
                problems.Add("Gsp:Backups:S3:PartSizeMb must be 5–512 (S3's smallest part is 5 MiB)");
            }

            if (s3.PartAttempts is < 1 or > 10)
            {
                problems.Add("Gsp:Backups:S3:PartAttempts must be 1–10");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
