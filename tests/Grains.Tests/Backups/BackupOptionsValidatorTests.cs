using Gsp.Backups;

namespace Gsp.Tests.Backups;

public sealed class BackupOptionsValidatorTests
{
    private static readonly BackupOptionsValidator Validator = new();

    [Fact]
    public void Defaults_are_valid_and_need_nothing_configured()
    {
        Assert.True(Validator.Validate(null, new BackupOptions()).Succeeded);
    }

    [Fact]
    public void S3_target_without_a_bucket_or_keys_is_refused_with_the_keys_to_set()
    {
        var missingBucket = Validator.Validate(null, new BackupOptions { Target = "s3" });
        var missingKeys = Validator.Validate(null, new BackupOptions { Target = "s3", S3 = new S3BackupOptions { Bucket = "b" } });

        Assert.Contains("Gsp:Backups:S3:Bucket", missingBucket.FailureMessage);
        Assert.Contains("AccessKey and SecretKey", missingKeys.FailureMessage);
    }

    [Fact]
    public void Worked_google_cloud_storage_configuration_is_valid()
    {
        var gcs = new BackupOptions
        {
            Target = "s3",
            S3 = new S3BackupOptions { Bucket = "my-gsp-backups", ServiceUrl = "https://storage.googleapis.com", Region = "auto", AccessKey = "GOOG1EXAMPLE", SecretKey = "secret" },
        };

        Assert.True(Validator.Validate(null, gcs).Succeeded);
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("S3")]
    public void Unknown_target_is_refused(string target)
    {
        Assert.Contains("must be 'local' or 's3'", Validator.Validate(null, new BackupOptions { Target = target }).FailureMessage);
    }

    [Fact]
    public void Out_of_range_numbers_and_a_relative_folder_are_each_named()
    {
        var result = Validator.Validate(null, new BackupOptions
        {
            LocalPath = "backups",
            CompressionLevel = 0,
            S3 = new S3BackupOptions { Bucket = "b", AccessKey = "a", SecretKey = "s", ServiceUrl = "storage.example", PartSizeMb = 4, PartAttempts = 0 },
        });

        Assert.Contains("LocalPath", result.FailureMessage);
        Assert.Contains("CompressionLevel", result.FailureMessage);
        Assert.Contains("ServiceUrl", result.FailureMessage);
        Assert.Contains("PartSizeMb", result.FailureMessage);
        Assert.Contains("PartAttempts", result.FailureMessage);
    }
}
