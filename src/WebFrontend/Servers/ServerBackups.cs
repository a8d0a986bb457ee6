using System.Security.Claims;
using Gsp.Backups;
using Gsp.GameServers;

namespace Gsp.WebFrontend.Servers;

/// <summary>
/// Backups of a server the user may see (see <see cref="ServerDirectory"/>): the grain is asked on the
/// owner's behalf, so an admin acts as the owner would; anyone else gets null (404).
/// </summary>
public sealed class ServerBackups(IClusterClient client, ServerDirectory directory)
{
    public async Task<BackupList?> ListAsync(ClaimsPrincipal user, string serverId) =>
        await OwnerAsync(user, serverId) is { } owner ? await Grain(serverId).ListBackupsAsync(owner) : null;

    public async Task<GameServerResult?> RestoreAsync(ClaimsPrincipal user, string serverId, string backupId, bool confirmed) =>
        await OwnerAsync(user, serverId) is { } owner ? await Grain(serverId).RestoreAsync(owner, backupId, confirmed) : null;

    public async Task<GameServerResult?> DeleteAsync(ClaimsPrincipal user, string serverId, string backupId) =>
        await OwnerAsync(user, serverId) is { } owner ? await Grain(serverId).DeleteBackupAsync(owner, backupId) : null;

    /// <summary>
    /// Sends the stored archive: a redirect to a signed URL where the target has them (S3), otherwise the
    /// bytes streamed chunk by chunk from the cluster. 404 when the backup or server is not the user's.
    /// </summary>
    public async Task<IResult> DownloadAsync(ClaimsPrincipal user, string serverId, string backupId)
    {
        if (await OwnerAsync(user, serverId) is not { } owner)
        {
            return Results.NotFound();
        }

        var grain = Grain(serverId);
        var list = await grain.ListBackupsAsync(owner);
        var backup = list.Backups.FirstOrDefault(b => b.Id == backupId);
        if (backup is null)
        {
            return Results.NotFound();
        }

        if (await grain.GetBackupDownloadUrlAsync(owner, backupId) is { } url)
        {
            return Results.Redirect(url);
        }

        return Results.Stream(
            async body =>
            {
                await foreach (var chunk in grain.DownloadBackupAsync(owner, backupId))
                {
                    await body.WriteAsync(chunk);
                }
            },
            "application/gzip",
            $"{serverId}-{backupId}.tar.gz");
    }

    private IGameServerGrain Grain(string serverId) => client.GetGrain<IGameServerGrain>(serverId);

    private async Task<string?> OwnerAsync(ClaimsPrincipal user, string serverId) =>
        await directory.FindAsync(user, serverId) is { HostOffline: false, Info: { } info } ? info.OwnerId : null;
}
