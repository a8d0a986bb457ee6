using Gsp.Tests.GameServers;

namespace Gsp.Tests.Backups;

/// <summary>A game-server cluster on real Docker and PostgreSQL whose backups go to the local-folder target, in a temporary folder.</summary>
public sealed class LocalBackupCluster : IAsyncLifetime
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("gsp-local-backups-").FullName;

    public GameServerCluster Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = new GameServerCluster
        {
            Settings = new Dictionary<string, string?>
            {
                ["Gsp:Backups:Target"] = "local",
                ["Gsp:Backups:LocalPath"] = Folder,
            },
        };
        await Servers.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Servers.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
