using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Players;

/// <summary>
/// Queries the game once per period and records the result. Runs whether or not the game is up: a query to a
/// stopped container fails at the DNS lookup, which costs less than tracking the game's state here would.
/// </summary>
internal sealed class PlayerQueryLoop(IPlayerQuery query, PlayerCensus census, TimeSpan period, TimeProvider time, ProxyLog log)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var wasUp = false;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            do
            {
                var reading = await query.QueryAsync(cancellationToken);
                if (reading is null)
                {
                    census.RecordUnreachable();
                }
                else
                {
                    census.Record(reading);
                }

                if (reading is not null != wasUp)
                {
                    wasUp = reading is not null;
                    log.Info(reading is null
                        ? "player query: game not answering"
                        : $"player query: game answers ({(reading.CountsKnown ? $"{reading.Online}/{reading.MaxPlayers} players" : "no player count")}, {reading.GameState})");
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
