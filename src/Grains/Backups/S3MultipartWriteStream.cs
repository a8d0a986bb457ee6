using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Gsp.Backups;

/// <summary>
/// A write-only stream that becomes the parts of one S3 multipart upload. It holds one part in a pooled
/// buffer and uploads it when full, trying a failed part again (the buffer is still there) up to the
/// configured number of attempts with a growing pause. <see cref="CompleteAsync"/> sends the last part
/// and completes the upload; the owner aborts the upload when anything fails. Async writes only: the
/// synchronous ones would block a grain thread on the network.
/// </summary>
internal sealed partial class S3MultipartWriteStream(
    IAmazonS3 client,
    string bucket,
    string key,
    string uploadId,
    int partBytes,
    int attempts,
    TimeProvider time,
    ILogger logger) : Stream
{
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(500);

    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(partBytes);
    private int _filled;
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var part = _buffer ?? throw new ObjectDisposedException(nameof(S3MultipartWriteStream));
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, partBytes - _filled);
            buffer.Span[..take].CopyTo(part.AsSpan(_filled));
            _filled += take;
            _written += take;
            buffer = buffer[take..];
            if (_filled == partBytes)
            {
                await UploadPartAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    /// <summary>Uploads what is buffered as the last part (S3 allows the only part to be empty) and completes the upload.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_filled > 0 || _parts.Count == 0)
        {
            await UploadPartAsync(cancellationToken);
        }

        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = [.. _parts],
        }, cancellationToken);
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        var number = _parts.Count + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new MemoryStream(_buffer!, 0, _filled, writable: false);
                var response = await client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = number,
                    PartSize = _filled,
                    InputStream = content,
                    IsLastPart = false,

                    // Plain signed payload: the "aws-chunked" framing the SDK would otherwise use over
                    // http is stored verbatim by some S3-compatible servers, corrupting the backup.
                    UseChunkEncoding = false,
                }, cancellationToken);
                _parts.Add(new PartETag(number, response.ETag));
                _filled = 0;
                return;
            }
            catch (Exception e) when (attempt < attempts && !cancellationToken.IsCancellationRequested)
            {
                LogPartRetry(logger, number, key, attempt, e.Message);
                await Task.Delay(FirstRetryPause * attempt, time, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new BackupTargetException($"cannot upload part {number} of {key} to bucket {bucket} after {attempt} attempt(s): {S3BackupTarget.Describe(e)}", e);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("an upload to S3 is written asynchronously only");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Part {Part} of {Key} failed (attempt {Attempt}), trying again: {Reason}")]
    private static partial void LogPartRetry(ILogger logger, int part, string key, int attempt, string reason);
}
