using Gsp.DemoGame.Configuration;

namespace Gsp.DemoGame.World;

/// <summary>
/// The game's heartbeat: one tick per second, a status line every DEMO_LOG_SECONDS and a save every
/// DEMO_SAVE_SECONDS. The tick count is what world.dat persists, so it proves saves survive restarts.
/// </summary>
public sealed class WorldLoop(DemoOptions options, WorldStore store, PlayerRegistry players, GameLog log, TimeProvider time)
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    private long _tick;

    public long Tick => Interlocked.Read(ref _tick);

    public void Load() => _tick = store.Open();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval, time);
        var seconds = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var tick = Interlocked.Increment(ref _tick);
                seconds++;
                if (options.LogSeconds > 0 && seconds % options.LogSeconds == 0)
                {
                    log.Write($"tick {tick}, players {players.Online}");
                }

                if (options.SaveSeconds > 0 && seconds % options.SaveSeconds == 0)
                {
                    Save();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Saves now; a failed save is logged, not fatal, because the next one may succeed.</summary>
    public void Save()
    {
        try
        {
            store.Save(Tick);
            log.Write($"saved world at tick {Tick}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Write($"save failed: {ex.Message}");
        }
    }
}
