using Gsp.Containers;

namespace Gsp.GameServers;

// Auto-sleep: a running server with auto-sleep on is put to sleep one idle window after it became quiet.
// Quiet means nobody online by the game's own count (when its protocol reports one), no player connected
// through the proxy, and the game's CPU under the threshold; the quiet spell starts at the later of the
// moment it was first seen so and the last byte through the proxy, so a server sleeps one window after
// its last player's last byte (within one check period), not one window after that byte was a window old.
// The spell's start is persisted and the last byte is the sidecar's, so a silo restart keeps the spell.
// A player online or connected always keeps the server awake.
public sealed partial class GameServerGrain
{
    /// <summary>
    /// The last idle check that saw the server in use; memory only (the spell itself is persisted). Null
    /// after a start or an activation: the spell then begins at the first check that sees the server quiet,
    /// so a player who woke it has at least one window from then to get in.
    /// </summary>
    private DateTimeOffset? lastBusyAt;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == BackupReminder)
        {
            await OnBackupScheduleAsync();
            return;
        }

        if (reminderName != IdleReminder)
        {
            return;
        }

        if (S.Status == GameServerStatus.Failed)
        {
            await SettleFailedRunAsync();
        }

        if (S.Status is GameServerStatus.Deleted or GameServerStatus.None or GameServerStatus.Failed)
        {
            // A failed server that can still be woken keeps its tick, for billing and reconciliation once it is.
            if ((Meter.IsEmpty || await BillAsync()) && !(S.Status == GameServerStatus.Failed && CanRecover))
            {
                await UnregisterIdleReminderAsync();
            }

            return;
        }

        await ReconcileAsync();
        await BillAsync();
        // One engine sample per tick serves both the charts and the idle check.
        var stats = await SampleStatsAsync();
        if (S.Status == GameServerStatus.Running && !Busy && !await Wallet.CanSpendAsync())
        {
            await StopForCreditsAsync();
            return;
        }

        await CheckIdleAsync(stats);
        await MoveOffDrainingHostAsync();
    }

    /// <summary>
    /// A failed action may leave a run open: once the engine answers again and the game container is
    /// seen stopped, the run ends when it stopped, so it is billed exactly.
    /// </summary>
    private async Task SettleFailedRunAsync()
    {
        if (Busy || !Meter.HasOpenRun)
        {
            return;
        }

        try
        {
            var game = await containers.InspectContainerAsync(Resources.GameContainer, CancellationToken.None);
            if (game is not { Running: true } && S.Status == GameServerStatus.Failed && !Busy)
            {
                EndRunAtStop(game);
                await state.WriteStateAsync();
            }
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }
    }

    private async Task CheckIdleAsync(ContainerStats? stats)
    {
        if (S.Status != GameServerStatus.Running || Busy)
        {
            return;
        }

        var activity = await ReadProxyActivityAsync();
        await RememberGameAsync(activity?.Players);
        var now = time.GetUtcNow();
        var playersOnline = activity?.Players is { Known: true, Online: > 0 };
        var playersConnected = activity is { ConnectedClients: > 0 };
        var busyCpu = stats is not null && stats.CpuPercent >= options.Value.IdleCpuPercent;
        if (S.Request is not { AutoSleep: true } || playersOnline || playersConnected || busyCpu)
        {
            lastBusyAt = now;
            if (S.QuietSince is not null)
            {
                S.QuietSince = null;
                await state.WriteStateAsync();
            }

            return;
        }

        if (S.QuietSince is null)
        {
            S.QuietSince = lastBusyAt ?? now;
            await state.WriteStateAsync();
        }

        var quietFrom = S.QuietSince!.Value;
        if (activity is not null && activity.LastActivity > quietFrom && activity.LastActivity <= now)
        {
            quietFrom = activity.LastActivity;
        }

        if (now - quietFrom >= options.Value.IdleWindow)
        {
            LogIdleSleep(logger, Id, now - quietFrom, stats?.CpuPercent ?? 0);
            await HibernateAsync();
        }
    }

    /// <summary>A new run (or a run resumed after a backup) starts without a quiet spell.</summary>
    private void ResetQuietSpell()
    {
        lastBusyAt = null;
        S.QuietSince = null;
    }

    /// <summary>Keeps the game's version and max players for a re-created proxy; writes only when they changed.</summary>
    private async Task RememberGameAsync(PlayerSnapshot? players)
    {
        if (players is not { Version: not null } && players is not { MaxPlayers: not null })
        {
            return;
        }

        var known = players.ToKnownGame();
        if (known != S.KnownGame)
        {
            S.KnownGame = known;
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// The host port of the sidecar's admin endpoint, as last inspected; memory only. Asked of the engine again
    /// when unknown or when the sidecar stops answering there (a re-created or restarted sidecar may have another).
    /// </summary>
    private int? proxyAdminHostPort;

    /// <summary>The sidecar's activity; null when it does not run, or the engine or the sidecar did not answer in time.</summary>
    private async Task<ActivitySnapshot?> ReadProxyActivityAsync()
    {
        try
        {
            if (proxyAdminHostPort is null)
            {
                // Wall-clock bounded like the stats sample: a wedged engine must not hold the tick or a page.
                using var limit = new CancellationTokenSource(EngineSampleTimeout, TimeProvider.System);
                var proxy = await containers.InspectContainerAsync(Resources.ProxyContainer, limit.Token);
                proxyAdminHostPort = proxy is { Running: true } && proxy.HostPorts.TryGetValue($"{options.Value.ProxyAdminPort}/tcp", out var port)
                    ? port
                    : null;
            }

            var activity = proxyAdminHostPort is { } adminPort
                ? await proxyActivity.GetAsync(adminPort, Proxy.Token, CancellationToken.None)
                : null;
            if (activity is null)
            {
                proxyAdminHostPort = null;
            }

            return activity;
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
            return null;
        }
        catch (OperationCanceledException)
        {
            LogReconcileFailed(logger, Id, $"the engine did not answer an inspection within {EngineSampleTimeout}");
            return null;
        }
    }
}
