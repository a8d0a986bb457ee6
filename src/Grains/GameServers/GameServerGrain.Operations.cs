using Gsp.Containers;

namespace Gsp.GameServers;

// The power actions' work, run in the background by Begin. Each step is safe to repeat, because a silo
// that dies mid-action resumes the action from the start on the next activation. Moving to the settled
// state is always the last step, so a caller who sees it can act at once.
public sealed partial class GameServerGrain
{
    private ServerLabels Labels => specs.Labels(Id, S.Request!.OwnerId, S.HostName);

    private ProxySettings Proxy => specs.Proxy(Id, S.KnownGame);

    private async Task DeployAsync()
    {
        var game = S.Game!;
        var resources = Resources;
        try
        {
            await containers.EnsureImageAsync(Proxy.Image, null, CancellationToken.None);
            await containers.EnsureImageAsync(game.Image, new SynchronousProgress<ImagePullProgress>(p => S.Detail = PullDetail(game.Image, p)), CancellationToken.None);

            S.Detail = "creating containers";
            await containers.EnsureNetworkAsync(new NetworkSpec(resources.Network, ServerResources.Labels(Labels, "network")), Step);
            await containers.EnsureVolumeAsync(resources.DataVolume, ServerResources.Labels(Labels, "data"), Step);
            await containers.RemoveContainerAsync(resources.ProxyContainer, Step);
            await containers.RemoveContainerAsync(resources.GameContainer, Step);
            await CreateProxyAsync();
            await CreateGameAsync();
        }
        catch (ContainerRuntimeException ex) when (ex is not ContainerRuntimeUnavailableException)
        {
            // The engine refused (an unknown image, say): nothing is left half-made. An engine that did
            // not answer is retried instead (GameServerGrain.Actions.cs).
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
        proxyAdminHostPort = null;
        await containers.CreateContainerAsync(specs.ProxySpec(Labels, S.Game!, S.PublicPort, S.KnownGame), Step);
        await containers.StartContainerAsync(Resources.ProxyContainer, Step);
    }

    private Task CreateGameAsync() =>
        containers.CreateContainerAsync(specs.GameSpec(Labels, S.Game!, S.Environment, S.Request!.InternetAccess), Step);

    private async Task StartGameAsync()
    {
        try
        {
            var game = await containers.InspectContainerAsync(Resources.GameContainer, Step);
            if (game is not { Running: true })
            {
                // A run left open by a stop that failed part-way ended when the container stopped.
                EndRunAtStop(game);
            }

            if (game is null)
            {
                await containers.EnsureImageAsync(S.Game!.Image, null, CancellationToken.None);
                await CreateGameAsync();
            }

            await containers.StartContainerAsync(Resources.GameContainer, Step);
        }
        catch (ContainerRuntimeException ex) when (ex is not ContainerRuntimeUnavailableException)
        {
            LogStartFailed(logger, Id, ex.Message);
            await MoveToAsync(GameServerStatus.Sleeping, "the game could not start: " + ex.Message);
            return;
        }

        BeginRun(time.GetUtcNow());
        ResetQuietSpell();
        await MoveToAsync(GameServerStatus.Running, "");
    }

    /// <summary>Stops the game and bills the run's last slice; <paramref name="detail"/> says why, for the owner.</summary>
    private async Task StopGameAsync(string detail)
    {
        await StopGameAndEndRunAsync();
        await MoveToAsync(GameServerStatus.Sleeping, detail);
        await BillAsync();
    }

    /// <summary>Stops the game container and closes the open run when the engine says it stopped. Persisted by the caller.</summary>
    private async Task StopGameAndEndRunAsync()
    {
        await containers.StopContainerAsync(Resources.GameContainer, options.Value.StopGrace, Step);
        EndRunAtStop(await containers.InspectContainerAsync(Resources.GameContainer, Step));
    }

    /// <summary>
    /// Closes the open run, if any, at the moment the engine recorded the game container's stop: a stop
    /// resumed after a failure or a silo restart bills the time the game ran, not the time the grain took
    /// to notice. Only a container that is gone (its stop time lost with it) ends the run now.
    /// </summary>
    private void EndRunAtStop(ContainerState? game)
    {
        if (Meter.HasOpenRun)
        {
            if (game is { Running: true })
            {
                throw new ContainerRuntimeException($"the game container {game.Name} still runs after it was stopped");
            }

            var now = time.GetUtcNow();
            EndRun(game?.FinishedAt is { } finished && finished <= now ? finished : now);
        }
    }

    /// <summary>
    /// Removes everything, then bills what ran; the reminder goes only once nothing is left to bill, so a
    /// wallet that cannot be reached now is charged by a later tick.
    /// </summary>
    private async Task RemoveEverythingAsync()
    {
        await UnregisterBackupReminderAsync();
        if (Meter.HasOpenRun)
        {
            // The run ends when the game stopped, recorded before the container (and its stop time) goes.
            await StopGameAndEndRunAsync();
            await state.WriteStateAsync();
        }

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
        await containers.RemoveContainerAsync(resources.GameContainer, Step);
        await containers.RemoveContainerAsync(resources.ProxyContainer, Step);
        await containers.RemoveNetworkAsync(resources.Network, Step);
        if (removeData)
        {
            await containers.RemoveVolumeAsync(resources.DataVolume, Step);
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
