using Gsp.Containers;

namespace Gsp.GameServers;

// The power actions' work, run in the background by Begin. Each step is safe to repeat, because a silo
// that dies mid-action resumes the action from the start on the next activation. Moving to the settled
// state is always the last step, so a caller who sees it can act at once.
public sealed partial class GameServerGrain
{
    private ServerLabels Labels => new(Id, S.Request!.OwnerId, S.HostName, cluster.Value.ServiceId, host.Value.ExtraLabels) { InstallationId = hostIdentity.InstallationId };

    private ProxySettings Proxy => new(
        options.Value.ProxyImage,
        wake.Value.WebhookUrl,
        WakeTokens.Derive(wake.Value.Secret, Id),
        options.Value.ProxyAdminPort,
        options.Value.PlayerQueryPeriod,
        options.Value.LoginTimeout,
        S.KnownGame);

    private async Task DeployAsync()
    {
        var game = S.Game!;
        var resources = Resources;
        try
        {
            await containers.EnsureImageAsync(Proxy.Image, null, CancellationToken.None);
            await containers.EnsureImageAsync(game.Image, new SynchronousProgress<ImagePullProgress>(p => S.Detail = PullDetail(game.Image, p)), CancellationToken.None);

            S.Detail = "creating containers";
            await containers.EnsureNetworkAsync(new NetworkSpec(resources.Network, ServerResources.Labels(Labels, "network")), CancellationToken.None);
            await containers.EnsureVolumeAsync(resources.DataVolume, ServerResources.Labels(Labels, "data"), CancellationToken.None);
            await containers.RemoveContainerAsync(resources.ProxyContainer, CancellationToken.None);
            await containers.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
            await CreateProxyAsync();
            await CreateGameAsync();
        }
        catch (ContainerRuntimeException ex)
        {
            LogDeployFailed(logger, Id, ex.Message);
            await RemoveContainersAndNetworkAsync(removeData: true);
            await Ports.ReleaseAsync(Id);
            await Directory.ReleaseAsync(Id);
            await MoveToAsync(GameServerStatus.Failed, "deployment failed: " + ex.Message);
            return;
        }

        await this.RegisterOrUpdateReminder(IdleReminder, options.Value.IdleCheckPeriod, options.Value.IdleCheckPeriod);
        await MoveToAsync(GameServerStatus.Sleeping, "");
    }

    private async Task CreateProxyAsync()
    {
        await containers.CreateContainerAsync(Resources.ProxySpec(Labels, S.Game!, S.PublicPort, Proxy), CancellationToken.None);
        await containers.StartContainerAsync(Resources.ProxyContainer, CancellationToken.None);
    }

    private Task CreateGameAsync() =>
        containers.CreateContainerAsync(
            Resources.GameSpec(Labels, S.Game!, S.Environment, options.Value.GamePidsLimit, options.Value.StopGrace, S.Request!.InternetAccess),
            CancellationToken.None);

    private async Task StartGameAsync()
    {
        try
        {
            if (await containers.InspectContainerAsync(Resources.GameContainer, CancellationToken.None) is null)
            {
                await containers.EnsureImageAsync(S.Game!.Image, null, CancellationToken.None);
                await CreateGameAsync();
            }

            await containers.StartContainerAsync(Resources.GameContainer, CancellationToken.None);
        }
        catch (ContainerRuntimeException ex)
        {
            LogStartFailed(logger, Id, ex.Message);
            await MoveToAsync(GameServerStatus.Sleeping, "the game could not start: " + ex.Message);
            return;
        }

        BeginRun(time.GetUtcNow());
        quietSince = null;
        await MoveToAsync(GameServerStatus.Running, "");
    }

    /// <summary>Stops the game and bills the run's last slice; <paramref name="detail"/> says why, for the owner.</summary>
    private async Task StopGameAsync(string detail)
    {
        await containers.StopContainerAsync(Resources.GameContainer, options.Value.StopGrace, CancellationToken.None);
        EndRun(time.GetUtcNow());
        await MoveToAsync(GameServerStatus.Sleeping, detail);
        await BillAsync();
    }

    /// <summary>
    /// Removes everything, then bills what ran; the reminder goes only once nothing is left to bill, so a
    /// wallet that cannot be reached now is charged by a later tick.
    /// </summary>
    private async Task RemoveEverythingAsync()
    {
        await UnregisterBackupReminderAsync();
        await RemoveContainersAndNetworkAsync(removeData: true);
        await Ports.ReleaseAsync(Id);
        await Directory.ReleaseAsync(Id);
        EndRun(time.GetUtcNow());
        await MoveToAsync(GameServerStatus.Deleted, "");
        await Wallet.RemoveServerAsync(Id);
        if (await BillAsync())
        {
            await this.UnregisterIdleReminderAsync();
        }
    }

    private async Task RemoveContainersAndNetworkAsync(bool removeData)
    {
        var resources = Resources;
        await containers.RemoveContainerAsync(resources.GameContainer, CancellationToken.None);
        await containers.RemoveContainerAsync(resources.ProxyContainer, CancellationToken.None);
        await containers.RemoveNetworkAsync(resources.Network, CancellationToken.None);
        if (removeData)
        {
            await containers.RemoveVolumeAsync(resources.DataVolume, CancellationToken.None);
        }
    }

    private async Task UnregisterIdleReminderAsync()
    {
        var reminder = await this.GetReminder(IdleReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static string PullDetail(string image, ImagePullProgress progress) =>
        progress is { Current: > 0, Total: > 0 }
            ? $"pulling {image}: {progress.Status} {progress.Layer} {progress.Current * 100 / progress.Total}%"
            : $"pulling {image}: {progress.Status} {progress.Layer}".TrimEnd();
}
