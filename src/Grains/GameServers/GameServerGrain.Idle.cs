namespace Gsp.GameServers;

// Auto-sleep: a running server with auto-sleep on is put to sleep once it has been quiet for the idle
// window. Quiet means no player connected through the proxy, no byte through it within the window, and
// the game's CPU under the threshold. A player connected always keeps the server awake.
public sealed partial class GameServerGrain
{
    /// <summary>When the server was first seen quiet in the current quiet spell; kept in memory only.</summary>
    private DateTimeOffset? quietSince;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
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
        if (S.Status == GameServerStatus.Running && !Busy && !await Wallet.CanSpendAsync())
        {
            await StopForCreditsAsync();
            return;
        }

        await CheckIdleAsync();
    }

    private async Task CheckIdleAsync()
    {
        if (S.Status != GameServerStatus.Running || Busy || S.Request is not { AutoSleep: true })
        {
            quietSince = null;
            return;
        }

        var now = time.GetUtcNow();
        var window = options.Value.IdleWindow;
        var activity = await ReadProxyActivityAsync();
        var stats = await containers.GetStatsAsync(Resources.GameContainer, CancellationToken.None);

        var playersConnected = activity is { ConnectedClients: > 0 };
        var recentTraffic = activity is not null && now - activity.LastActivity < window && activity.LastActivity > (S.RunningSince ?? now);
        var busyCpu = stats is not null && stats.CpuPercent >= options.Value.IdleCpuPercent;
        if (playersConnected || recentTraffic || busyCpu)
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

    private async Task<ProxyActivity?> ReadProxyActivityAsync()
    {
        var proxy = await containers.InspectContainerAsync(Resources.ProxyContainer, CancellationToken.None);
        var key = $"{options.Value.ProxyAdminPort}/tcp";
        return proxy is { Running: true } && proxy.HostPorts.TryGetValue(key, out var port)
            ? await proxyActivity.GetAsync(port, Proxy.Token, CancellationToken.None)
            : null;
    }
}
