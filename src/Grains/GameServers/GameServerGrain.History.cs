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

    /// <summary>Samples the running game once and keeps the sample; null when it does not run or the engine did not answer.</summary>
    private async Task<ContainerStats?> SampleStatsAsync()
    {
        if (S.Status != GameServerStatus.Running)
        {
            return null;
        }

        ContainerStats? sample = null;
        try
        {
            sample = await containers.GetStatsAsync(Resources.GameContainer, CancellationToken.None);
            if (sample is not null)
            {
                history.Enqueue(sample with { At = time.GetUtcNow() });
            }
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }

        TrimHistory(time.GetUtcNow());
        return sample;
    }

    private void TrimHistory(DateTimeOffset now)
    {
        while (history.Count > 0 && (now - history.Peek().At > HistoryLength || history.Count > 3600))
        {
            history.Dequeue();
        }
    }
}
