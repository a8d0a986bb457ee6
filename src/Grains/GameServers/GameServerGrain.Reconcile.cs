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

        // Each engine call of the pass is bounded like a power action's step (see Step): power actions
        // wait for a reconciliation, so a wedged engine must end the pass, not hold every action behind it.
        using var pass = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        checkTimeout = pass;
        try
        {
            var network = await ReconcileNetworkAsync();
            await ReconcileProxyAsync(network);
            await ReconcileGameAsync(network);
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }
        catch (OperationCanceledException) when (pass.IsCancellationRequested)
        {
            LogReconcileFailed(logger, Id, $"the engine did not answer within {options.Value.ActionStepTimeout}");
        }
        finally
        {
            checkTimeout = null;
        }
    }

    /// <summary>
    /// A settled server whose game does not run holds no memory or CPUs on its host. A silo that died after the
    /// directory admitted a wake and before this grain recorded it left them counted there, so the directory is
    /// told again at activation (no write when nothing is held); a game found running is admitted again below.
    /// </summary>
    private async Task ReconcileAtActivationAsync()
    {
        if (S.Status is GameServerStatus.Sleeping or GameServerStatus.Failed)
        {
            try
            {
                await Directory.StoppedAsync(Id);
            }
            catch (Exception ex)
            {
                // The share stays counted until the server runs and stops again: a busy host, not a broken server.
                LogReconcileFailed(logger, Id, "the host directory was not told the game is stopped: " + ex.Message);
            }
        }

        await ReconcileCoreAsync();
    }

    /// <summary>Creates the server's network when it is missing; returns its id.</summary>
    private async Task<string> ReconcileNetworkAsync()
    {
        if (await containers.FindNetworkIdAsync(Resources.Network, Step) is { } id)
        {
            return id;
        }

        LogNetworkRecreated(logger, Id, Resources.Network);
        await containers.EnsureNetworkAsync(ServerNetwork, Step);
        return await containers.FindNetworkIdAsync(Resources.Network, Step)
            ?? throw new ContainerRuntimeException($"network {Resources.Network} was created but is not found");
    }

    private NetworkSpec ServerNetwork => new(Resources.Network, ServerResources.Labels(Labels, "network"));

    /// <summary>
    /// A container is not ours to adopt when another installation labelled it, and it cannot start when
    /// the network it was made for was removed (a network of the same name made since has another id).
    /// Either way it is replaced, from the recorded state.
    /// </summary>
    private async Task<ContainerState?> InspectUsableAsync(string name, string networkId)
    {
        var found = await containers.InspectContainerAsync(name, Step);
        if (found is null)
        {
            return null;
        }

        var installation = found.Labels.GetValueOrDefault(ContainerLabels.Installation);
        if (installation is not null && installation != hostIdentity.InstallationId)
        {
            // Same name, another installation's: never removed, so this server cannot have it back.
            throw new ContainerRuntimeException($"container {name} belongs to installation {installation}, not to this one");
        }

        // A container never started has no endpoint yet (an empty id): it joins the network by name at start.
        if (found.NetworkIds.TryGetValue(Resources.Network, out var attached) && (attached.Length == 0 || attached == networkId))
        {
            return found;
        }

        LogStaleContainer(logger, Id, name);
        await containers.RemoveContainerAsync(name, Step);
        return null;
    }

    private async Task ReconcileProxyAsync(string networkId)
    {
        var proxy = await InspectUsableAsync(Resources.ProxyContainer, networkId);
        if (proxy is null)
        {
            LogRedeployed(logger, Id, "proxy");
            await CreateProxyAsync();
        }
        else if (!proxy.Running)
        {
            await containers.StartContainerAsync(Resources.ProxyContainer, Step);
        }
    }

    private async Task ReconcileGameAsync(string networkId)
    {
        var game = await InspectUsableAsync(Resources.GameContainer, networkId);
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
            // Started outside the platform: it runs, so it is shown, idle-checked and billed as running, and
            // its memory and CPUs count on the host even past the budget (refusing a running game helps nobody).
            await Directory.AdmitAsync(Id, evenIfFull: true);
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
            await containers.EnsureVolumeAsync(Resources.DataVolume, ServerResources.Labels(Labels, "data"), Step);
            await CreateGameAsync();
            if (S.Status == GameServerStatus.Running)
            {
                await containers.StartContainerAsync(Resources.GameContainer, Step);
            }
        }
        catch (ContainerRuntimeException ex)
        {
            await MoveToAsync(GameServerStatus.Failed, "the game container was removed and could not be recreated: " + ex.Message);
        }
    }

    private async Task RecordCrashAsync(ContainerState game)
    {
        LogCrash(logger, Id, game.ExitCode, game.OomKilled);
        var reason = game.OomKilled ? "ran out of memory" : $"exited with code {game.ExitCode}";
        void Record()
        {
            S.LastCrash = new CrashRecord(game.FinishedAt ?? time.GetUtcNow(), game.ExitCode, game.OomKilled);
            S.CrashCount++;
            EndRun(game.FinishedAt is { } finished && finished <= time.GetUtcNow() ? finished : time.GetUtcNow());
        }

        if (S.Request!.RestartOnCrash)
        {
            Record();
            await containers.StartContainerAsync(Resources.GameContainer, Step);
            BeginRun(time.GetUtcNow());
            await MoveToAsync(GameServerStatus.Running, $"the game {reason} and was restarted");
            return;
        }

        // Recorded with the new status, in one turn: nobody sees the crash on a server still shown running.
        await MoveToAsync(GameServerStatus.Sleeping, $"the game {reason}", Record);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: its network {Network} was missing and is created again")]
    private static partial void LogNetworkRecreated(ILogger logger, string serverId, string network);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: container {Container} was made for a network that no longer exists and is replaced")]
    private static partial void LogStaleContainer(ILogger logger, string serverId, string container);
}
