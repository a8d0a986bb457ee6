using Microsoft.Extensions.Options;

namespace Gsp.Backups;

/// <summary>
/// The targets this silo can reach, by the name servers record: <c>local</c> always, <c>s3</c> when its
/// bucket is configured. Made once per silo, because the S3 client holds a connection pool.
/// </summary>
public sealed class BackupTargets : IDisposable
{
    private readonly BackupOptions _options;
    private readonly LocalFolderBackupTarget _local;
    private readonly Lazy<(S3BackupTarget Target, IDisposable Client)>? _s3;

    public BackupTargets(IOptions<BackupOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _local = new LocalFolderBackupTarget(_options.LocalPath, loggers.CreateLogger<LocalFolderBackupTarget>());
        if (_options.S3.IsConfigured)
        {
            _s3 = new(() =>
            {
                var client = S3Clients.Create(_options.S3);
                return (new S3BackupTarget(client, _options.S3, time, loggers.CreateLogger<S3BackupTarget>()), client);
            });
        }
    }

    /// <summary>The target new servers use (<see cref="BackupOptions.Target"/>).</summary>
    public string DefaultName => _options.Target;

    /// <summary>The target of that name. Throws <see cref="BackupTargetException"/> when this silo has no such target configured.</summary>
    public IBackupTarget Get(string name) => name switch
    {
        LocalFolderBackupTarget.TargetName => _local,
        S3BackupTarget.TargetName when _s3 is not null => _s3.Value.Target,
        _ => throw new BackupTargetException($"the backups are kept in target '{name}', which this silo has not configured (Gsp:Backups)"),
    };

    public void Dispose()
    {
        if (_s3 is { IsValueCreated: true })
        {
            _s3.Value.Client.Dispose();
        }
    }
}
