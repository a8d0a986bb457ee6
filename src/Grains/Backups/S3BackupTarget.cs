using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Gsp.Backups;

/// <summary>
/// Backups in an S3-compatible bucket. The data goes up as a multipart upload fed by the backup's
/// stream (see <see cref="S3MultipartWriteStream"/>), so only one part is ever in memory; an upload that
/// fails is aborted, and until it is completed S3 shows no object at all. The manifest is a small
/// object written after the data.
/// </summary>
public sealed partial class S3BackupTarget(IAmazonS3 client, S3BackupOptions options, TimeProvider time, ILogger<S3BackupTarget> logger) : IBackupTarget
{
    public const string TargetName = "s3";

    public string Name => TargetName;

    public async Task<BackupInfo> StoreAsync(string prefix, string backupId, Func<Stream, CancellationToken, Task<BackupInfo>> write, CancellationToken cancellationToken)
    {
        var key = BackupKeys.Data(prefix, backupId);
        await AbortAbandonedUploadsAsync(prefix, cancellationToken);
        var upload = await CallAsync($"start the upload of {key}", () => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = options.Bucket,
            Key = key,
            ContentType = "application/gzip",
        }, cancellationToken));
        BackupInfo info;
        try
        {
            await using var parts = new S3MultipartWriteStream(client, options.Bucket, key, upload.UploadId, options.PartSizeMb * 1024 * 1024, options.PartAttempts, time, logger);
            info = await write(parts, cancellationToken);
            await CallAsync($"upload {key}", async () =>
            {
                await parts.CompleteAsync(cancellationToken);
                return true;
            });
        }
        catch (Exception e)
        {
            LogUploadFailed(logger, key, e.Message);
            await AbortQuietlyAsync(key, upload.UploadId);
            throw;
        }

        try
        {
            await CallAsync($"write the manifest of {key}", () => client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = BackupKeys.Manifest(prefix, backupId),
                ContentType = "application/json",
                InputStream = new MemoryStream(BackupManifests.Serialize(info)),
                UseChunkEncoding = false,
            }, cancellationToken));
        }
        catch (Exception)
        {
            // Without its manifest the data is an unlisted orphan; remove it rather than leave it to cost money.
            await DeleteQuietlyAsync(key);
            throw;
        }

        LogStored(logger, options.Bucket, key, info.SizeBytes);
        return info;
    }

    public async Task<IReadOnlyList<BackupInfo>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var page = await CallAsync($"list {prefix}", () => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = options.Bucket,
                Prefix = prefix,
                ContinuationToken = continuation,
            }, cancellationToken));
            foreach (var item in page.S3Objects ?? [])
            {
                var name = item.Key[prefix.Length..];
                if (name.EndsWith(BackupKeys.ManifestSuffix, StringComparison.Ordinal) && BackupKeys.IsValidId(name[..^BackupKeys.ManifestSuffix.Length]))
                {
                    ids.Add(name[..^BackupKeys.ManifestSuffix.Length]);
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);

        var found = new List<BackupInfo>();
        foreach (var id in ids)
        {
            if (await FindAsync(prefix, id, cancellationToken) is { } info)
            {
                found.Add(info);
            }
        }

        return found;
    }

    public async Task<BackupInfo?> FindAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        var key = BackupKeys.Manifest(prefix, backupId);
        try
        {
            using var response = await client.GetObjectAsync(options.Bucket, key, cancellationToken);
            using var bytes = new MemoryStream();
            await response.ResponseStream.CopyToAsync(bytes, cancellationToken);
            return BackupManifests.TryDeserialize(bytes.ToArray()) is { } info && info.Id == backupId ? info : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw new BackupTargetException($"cannot read {key} from bucket {options.Bucket}: {e.Message}", e);
        }
    }

    public async Task<Stream> OpenReadAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        var key = BackupKeys.Data(prefix, backupId);
        var response = await CallAsync($"read {key}", () => client.GetObjectAsync(options.Bucket, key, cancellationToken));
        return response.ResponseStream;
    }

    public async Task<Uri?> GetDownloadUrlAsync(string prefix, string backupId, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var url = await CallAsync($"sign a download of backup {backupId}", () => client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = options.Bucket,
            Key = BackupKeys.Data(prefix, backupId),
            Verb = HttpVerb.GET,
            Expires = time.GetUtcNow().Add(validFor).UtcDateTime,
            Protocol = options.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        }));
        return new Uri(url);
    }

    public async Task DeleteAsync(string prefix, string backupId, CancellationToken cancellationToken)
    {
        // S3 answers a delete of a missing key with success, which is the no-op promised.
        await CallAsync($"delete backup {backupId}", () => client.DeleteObjectAsync(options.Bucket, BackupKeys.Manifest(prefix, backupId), cancellationToken));
        await CallAsync($"delete backup {backupId}", () => client.DeleteObjectAsync(options.Bucket, BackupKeys.Data(prefix, backupId), cancellationToken));
    }

    /// <summary>
    /// Uploads a silo crash left open under this server's prefix: nothing else writes there, because a
    /// server takes one backup at a time. Servers that do not list uploads (some S3 look-alikes) are
    /// skipped; a bucket lifecycle rule for incomplete uploads is the backstop (see the README).
    /// </summary>
    private async Task AbortAbandonedUploadsAsync(string prefix, CancellationToken cancellationToken)
    {
        ListMultipartUploadsResponse open;
        try
        {
            open = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = options.Bucket, Prefix = prefix }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: if the bucket is unreachable, starting the upload says so with a clear message.
            LogListUploadsUnsupported(logger, options.Bucket, e.Message);
            return;
        }

        foreach (var upload in open.MultipartUploads ?? [])
        {
            if (upload.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                await AbortQuietlyAsync(upload.Key, upload.UploadId);
            }
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = options.Bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
            LogAborted(logger, key);
        }
        catch (Exception e)
        {
            // An unfinished upload is never listed as an object; the lifecycle rule reclaims its parts.
            LogAbortFailed(logger, key, e.Message);
        }
    }

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await client.DeleteObjectAsync(options.Bucket, key, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogAbortFailed(logger, key, e.Message);
        }
    }

    /// <summary>Runs one S3 call, turning its failures into <see cref="BackupTargetException"/> with the bucket and key in the message.</summary>
    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not BackupTargetException)
        {
            // The SDK surfaces an unreachable endpoint as any of several types (HttpRequestException,
            // SocketException, a timeout's TaskCanceledException, AmazonClientException); all mean the same.
            throw new BackupTargetException($"cannot {what} in bucket {options.Bucket}: {Describe(e)}", e);
        }
    }

    /// <summary>The message with its innermost cause, which names the real problem ("Connection refused").</summary>
    internal static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner == e || e.Message.Contains(inner.Message, StringComparison.Ordinal) ? e.Message : $"{e.Message} ({inner.Message})";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup stored at s3://{Bucket}/{Key} ({Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, string bucket, string key, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload of {Key} failed: {Reason}")]
    private static partial void LogUploadFailed(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Aborted the multipart upload of {Key}")]
    private static partial void LogAborted(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort or remove {Key} (a lifecycle rule will): {Reason}")]
    private static partial void LogAbortFailed(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bucket {Bucket} does not list open uploads: {Reason}")]
    private static partial void LogListUploadsUnsupported(ILogger logger, string bucket, string reason);
}
