using Gsp.Containers;

namespace Gsp.GameServers;

// Drift between what the grain recorded and what the engine has: crashes, containers removed or
// started by hand. Runs on activation, on the host's container events, and with each idle check.
public sealed partial class GameServerGrain
{
    private async Task ReconcileCoreAsync()
    {
        if (S.Status is not (GameServerStatus.Sleeping or GameServerStatus.Running))
        {
            return;
        }

        try
        {
            await ReconcileProxyAsync();
            await ReconcileGameAsync();
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }
    }

    private async Task ReconcileProxyAsync()
    {
        var proxy = await containers.InspectContainerAsync(Resources.ProxyContainer, CancellationToken.None);
        if (proxy is null)
        {
            LogRedeployed(logger, Id, "proxy");
            await containers.EnsureNetworkAsync(new NetworkSpec(Resources.Network, ServerResources.Labels(Labels, "network")), CancellationToken.None);
            await CreateProxyAsync();
        }
        else if (!proxy.Running)
        {
            await containers.StartContainerAsync(Resources.ProxyContainer, CancellationToken.None);
        }
    }

    private async Task ReconcileGameAsync()
    {
        var game = await containers.InspectContainerAsync(Resources.GameContainer, CancellationToken.None);
        if (game is null)
        {
            await RedeployGameAsync();
            return;
        }

        if (S.Status == GameServerStatus.Running && !game.Running)
        {
            await RecordCrashAsync(game);
        }
        else if (S.Status == GameServerStatus.Sleeping && game.Running)
        {
            // Started outside the platform: it runs, so it is shown, idle-checked and billed as running.
            BeginRun(time.GetUtcNow());
            await MoveToAsync(GameServerStatus.Running, "started outside the platform");
        }
    }

    private async Task RedeployGameAsync()
    {
        LogRedeployed(logger, Id, "game");
        try
        {
            await containers.EnsureImageAsync(S.Game!.Image, null, CancellationToken.None);
            await containers.EnsureVolumeAsync(Resources.DataVolume, ServerResources.Labels(Labels, "data"), CancellationToken.None);
            await CreateGameAsync();
            if (S.Status == GameServerStatus.Running)
            {
                await containers.StartContainerAsync(Resources.GameContainer, CancellationToken.None);
            }
        }
        catch (ContainerRuntimeException ex)
        {
            await MoveToAsync(GameServerStatus.Failed, "the game container was removed and could not be recreated: " + ex.Message);
        }
    }

    private async Task RecordCrashAsync(ContainerState game)
    {
        S.LastCrash = new CrashRecord(game.FinishedAt ?? time.GetUtcNow(), game.ExitCode, game.OomKilled);
        S.CrashCount++;
        LogCrash(logger, Id, game.ExitCode, game.OomKilled);
        var reason = game.OomKilled ? "ran out of memory" : $"exited with code {game.ExitCode}";
        EndRun(game.FinishedAt is { } finished && finished <= time.GetUtcNow() ? finished : time.GetUtcNow());
        if (S.Request!.RestartOnCrash)
        {
            await containers.StartContainerAsync(Resources.GameContainer, CancellationToken.None);
            BeginRun(time.GetUtcNow());
            await MoveToAsync(GameServerStatus.Running, $"the game {reason} and was restarted");
            return;
        }

        await MoveToAsync(GameServerStatus.Sleeping, $"the game {reason}");
    }
}
