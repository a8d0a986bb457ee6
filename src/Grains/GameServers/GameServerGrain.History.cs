using Gsp.Containers;

namespace Gsp.GameServers;

// The last hour of resource use, for the dashboard's charts: one sample per tick while the game runs.
public sealed partial class GameServerGrain
{
    private static readonly TimeSpan HistoryLength = TimeSpan.FromHours(1);

    private readonly Queue<ContainerStats> history = new();

    public Task<IReadOnlyList<ContainerStats>> GetStatsHistoryAsync()
    {
        TrimHistory(time.GetUtcNow());
        return Task.FromResult<IReadOnlyList<ContainerStats>>(history.ToArray());
    }

    /// <summary>How long one stats sample or sidecar inspection may wait for the engine before it is skipped.</summary>
    private static readonly TimeSpan EngineSampleTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Samples the running game once and keeps the sample; null when it does not run or the engine did not answer.</summary>
    private async Task<ContainerStats?> SampleStatsAsync()
    {
        var sample = await ReadGameStatsAsync();
        if (sample is not null)
        {
            history.Enqueue(sample with { At = time.GetUtcNow() });
        }

        TrimHistory(time.GetUtcNow());
        return sample;
    }

    /// <summary>The running game's resource use now; null when it does not run or the engine did not answer in time.</summary>
    private async Task<ContainerStats?> ReadGameStatsAsync()
    {
        if (S.Status != GameServerStatus.Running)
        {
            return null;
        }

        try
        {
            // A sample may be skipped: an engine that does not answer must not hold the grain (and every power
            // action queued behind this tick) or a dashboard page. Wall-clock time, as the engine's is.
            using var limit = new CancellationTokenSource(EngineSampleTimeout, TimeProvider.System);
            return await containers.GetStatsAsync(Resources.GameContainer, limit.Token);
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }
        catch (OperationCanceledException)
        {
            LogReconcileFailed(logger, Id, $"the engine did not answer a stats request within {EngineSampleTimeout}");
        }

        return null;
    }

    private void TrimHistory(DateTimeOffset now)
    {
        while (history.Count > 0 && (now - history.Peek().At > HistoryLength || history.Count > 3600))
        {
            history.Dequeue();
        }
    }
}
