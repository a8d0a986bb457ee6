using Gsp.Containers;

namespace Gsp.GameServers;

// Auto-sleep: a running server with auto-sleep on is put to sleep once it has been quiet for the idle
// window. Quiet means nobody online by the game's own count (when its protocol reports one), no player
// connected through the proxy, no byte through it within the window, and the game's CPU under the
// threshold. A player online or connected always keeps the server awake.
public sealed partial class GameServerGrain
{
    /// <summary>When the server was first seen quiet in the current quiet spell; kept in memory only.</summary>
    private DateTimeOffset? quietSince;

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

        if (S.Status is GameServerStatus.Deleted or GameServerStatus.None or GameServerStatus.Failed)
        {
            if (S.Unbilled.Count == 0 || await BillAsync())
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
    }

    private async Task CheckIdleAsync(ContainerStats? stats)
    {
        if (S.Status != GameServerStatus.Running || Busy)
        {
            quietSince = null;
            return;
        }

        var activity = await ReadProxyActivityAsync();
        await RememberGameAsync(activity?.Players);
        if (S.Request is not { AutoSleep: true })
        {
            quietSince = null;
            return;
        }

        var now = time.GetUtcNow();
        var window = options.Value.IdleWindow;

        var playersOnline = activity?.Players is { Known: true, Online: > 0 };
        var playersConnected = activity is { ConnectedClients: > 0 };
        var recentTraffic = activity is not null && now - activity.LastActivity < window && activity.LastActivity > (S.RunningSince ?? now);
        var busyCpu = stats is not null && stats.CpuPercent >= options.Value.IdleCpuPercent;
        if (playersOnline || playersConnected || recentTraffic || busyCpu)
        {
            quietSince = null;
            return;
        }

        quietSince ??= now;
        if (now - quietSince >= window)
        {
            LogIdleSleep(logger, Id, now - quietSince.Value, stats?.CpuPercent ?? 0);
            quietSince = null;
            await HibernateAsync();
        }
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

    private async Task<ActivitySnapshot?> ReadProxyActivityAsync()
    {
        var proxy = await containers.InspectContainerAsync(Resources.ProxyContainer, CancellationToken.None);
        var key = $"{options.Value.ProxyAdminPort}/tcp";
        return proxy is { Running: true } && proxy.HostPorts.TryGetValue(key, out var port)
            ? await proxyActivity.GetAsync(port, Proxy.Token, CancellationToken.None)
            : null;
    }
}
