using Gsp.Tests.GameServers;
using Gsp.Tests.Peers;

namespace Gsp.Tests.Backups;

/// <summary>
/// A game-server cluster on real Docker and PostgreSQL whose backups go to a real S3-compatible server
/// (s3rver), with schedules allowed down to one second so a test sees several scheduled backups.
/// </summary>
public sealed class S3BackupCluster : IAsyncLifetime
{
    public S3Server S3 { get; } = new();

    public GameServerCluster Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await S3.InitializeAsync();
        var settings = new Dictionary<string, string?>(S3.SiloSettings(partSizeMb: 8))
        {
            ["Gsp:Backups:MinimumInterval"] = "00:00:01",
        };
        Servers = new GameServerCluster { Settings = settings };
        await Servers.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Servers.DisposeAsync();
        await S3.DisposeAsync();
    }
}
