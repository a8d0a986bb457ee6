namespace Gsp.Backups;

/// <summary>
/// An S3-compatible bucket, section <c>Gsp:Backups:S3</c>. Google Cloud Storage works through its
/// interoperability endpoint: <c>ServiceUrl=https://storage.googleapis.com</c>, <c>Region=auto</c>, and an
/// HMAC key of a service account as access and secret key (see the README).
/// </summary>
public sealed class S3BackupOptions
{
    /// <summary>The bucket; empty (the default) means no S3 target is configured.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The endpoint, e.g. <c>https://storage.googleapis.com</c>; empty (the default) means AWS S3 of <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>The region requests are signed for. Defaults to <c>us-east-1</c>; <c>auto</c> for Google Cloud Storage.</summary>
    public string Region { get; set; } = "us-east-1";

    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>
    /// Address buckets as <c>endpoint/bucket</c> instead of <c>bucket.endpoint</c>. Defaults to false (AWS's
    /// preference); true for servers without wildcard DNS such as MinIO or a local test server.
    /// </summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// The size of one part of a multipart upload, in MiB (5–512). Defaults to 16: one part is held in
    /// memory while it uploads, and 10,000 parts of 16 MiB allow backups up to 156 GiB.
    /// </summary>
    public int PartSizeMb { get; set; } = 16;

    /// <summary>How often one part is tried before the upload is given up and aborted (1–10). Defaults to 4.</summary>
    public int PartAttempts { get; set; } = 4;

    public bool IsConfigured => Bucket.Length > 0;
}
