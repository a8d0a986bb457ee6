using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Gsp.Backups;
using Gsp.Tests.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gsp.Tests.Backups;

/// <summary>The S3 target against a real S3-compatible server (s3rver), with 5 MiB parts so a few MiB make a multipart upload.</summary>
[Trait("Category", "S3")]
public sealed class S3BackupTargetTests(S3Server s3) : BackupTargetContract, IClassFixture<S3Server>, IDisposable
{
    private readonly List<IDisposable> _clients = [];

    protected override IBackupTarget Target => CreateTarget(s3.Options());

    [Fact]
    public async Task Part_that_fails_once_is_sent_again_and_the_backup_is_whole()
    {
        var faults = new FailingPartHandler(partNumber: 2);
        var target = CreateTarget(s3.Options(), config =>
        {
            // No retries inside the SDK: the retry proved here is the target's own, with the part's bytes kept.
            config.MaxErrorRetry = 0;
            config.HttpClientFactory = new HandlerFactory(faults);
        });
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);

        var stored = await target.StoreAsync(prefix, id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 12L * 1024 * 1024, seed: 7, cancellationToken: ct), CancellationToken.None);

        Assert.Equal(1, faults.Failures);
        var (size, sha) = await BackupPayload.ReadAsync(await target.OpenReadAsync(prefix, id, CancellationToken.None));
        Assert.Equal((stored.SizeBytes, stored.Sha256), (size, sha));
    }

    [Fact]
    public async Task Upload_cut_off_by_an_outage_half_way_is_given_up_and_never_listed()
    {
        var target = CreateTarget(s3.Options(partAttempts: 2), config => config.MaxErrorRetry = 0);
        var prefix = NewPrefix();
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);
        var stopped = false;

        try
        {
            var failure = await Assert.ThrowsAsync<BackupTargetException>(() => target.StoreAsync(prefix, id, (sink, ct) =>
                BackupPayload.WriteAsync(sink, id, 20L * 1024 * 1024, seed: 8, async done =>
                {
                    // Half-way, after the first part went up: the server disappears.
                    if (!stopped && done >= 10L * 1024 * 1024)
                    {
                        stopped = true;
                        await s3.StopAsync();
                    }
                }, ct), CancellationToken.None));
            Assert.Contains(s3.Bucket, failure.Message);
        }
        finally
        {
            if (stopped)
            {
                await s3.StartAsync();
            }
        }

        Assert.True(stopped, "the outage never happened");
        Assert.Empty(await target.ListAsync(prefix, CancellationToken.None));
        await AssertNoDataAsync(prefix, id);
    }

    [Fact]
    public async Task Unknown_access_key_is_a_clear_error_naming_the_bucket()
    {
        // s3rver checks access keys but not SigV4 signatures, so the key is what can be got wrong here.
        var target = CreateTarget(new S3BackupOptions { Bucket = s3.Bucket, ServiceUrl = s3.ServiceUrl, AccessKey = "NOBODY", SecretKey = "wrong", ForcePathStyle = true });
        var id = BackupKeys.NewId(DateTimeOffset.UtcNow);

        var failure = await Assert.ThrowsAsync<BackupTargetException>(() => target.StoreAsync(NewPrefix(), id, (sink, ct) => BackupPayload.WriteAsync(sink, id, 10, seed: 9, cancellationToken: ct), CancellationToken.None));

        Assert.Contains(s3.Bucket, failure.Message);
    }

    protected override async Task AssertNoDataAsync(string prefix, string backupId)
    {
        using var client = S3Clients.Create(s3.Options());
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.GetObjectMetadataAsync(s3.Bucket, BackupKeys.Data(prefix, backupId)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private S3BackupTarget CreateTarget(S3BackupOptions options, Action<AmazonS3Config>? configure = null)
    {
        var client = S3Clients.Create(options, configure);
        _clients.Add(client);
        return new S3BackupTarget(client, options, TimeProvider.System, NullLogger<S3BackupTarget>.Instance);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Fails the first upload of one part number as a dropped connection would.</summary>
    private sealed class FailingPartHandler(int partNumber) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _failures;

        public int Failures => _failures;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = request.RequestUri!.Query.TrimStart('?').Split('&');
            if (request.Method == HttpMethod.Put && query.Contains($"partNumber={partNumber}") && Interlocked.CompareExchange(ref _failures, 1, 0) == 0)
            {
                throw new HttpRequestException("connection reset by the test");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
