using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Gsp.Backups;

/// <summary>Builds the S3 client of <see cref="S3BackupOptions"/>.</summary>
public static class S3Clients
{
    /// <param name="configure">A last change to the SDK's configuration, e.g. a test's fault-injecting HTTP handler.</param>
    public static AmazonS3Client Create(S3BackupOptions options, Action<AmazonS3Config>? configure = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // The SDK's default since 3.7.400 sends payloads "aws-chunked" with trailing CRC checksums,
            // which Google Cloud Storage and most S3 look-alikes reject or store verbatim. Checksums only
            // where an operation requires them keeps every S3-compatible server working; integrity is
            // still checked by the part's Content-MD5-free ETag and our own SHA-256 of the whole backup.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.ServiceUrl.Length > 0)
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        configure?.Invoke(config);
        return new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
