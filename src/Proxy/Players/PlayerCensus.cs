using Gsp.Proxy.Configuration;

namespace Gsp.Proxy.Players;

/// <summary>
/// The latest player query result and what the game last said about itself. Written by the query loop,
/// read by <c>/activity</c> and by the answers the proxy gives while the game sleeps.
/// </summary>
public sealed class PlayerCensus(GameProtocol protocol, LastKnownGame lastKnown, TimeProvider time)
{
    // Guards every field: readings are rare (one per query period), so a lock costs nothing measurable.
    private readonly Lock gate = new();
    private LastKnownGame known = lastKnown;
    private string? serverName;
    private PlayerReading? latest;
    private string state = "not-measured";
    private long? measuredUnixMs;

    /// <summary>Version and max players as last reported (or handed over from the environment).</summary>
    public LastKnownGame LastKnown
    {
        get
        {
            lock (gate)
            {
                return known;
            }
        }
    }

    /// <summary>The server name the game last reported (A2S), or null.</summary>
    public string? LastServerName
    {
        get
        {
            lock (gate)
            {
                return serverName;
            }
        }
    }

    internal void Record(PlayerReading reading)
    {
        lock (gate)
        {
            latest = reading;
            state = reading.GameState;
            measuredUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            known = new LastKnownGame(reading.Version ?? known.Version, reading.VersionProtocol ?? known.VersionProtocol, reading.MaxPlayers ?? known.MaxPlayers);
            serverName = reading.ServerName ?? serverName;
        }
    }

    internal void RecordUnreachable()
    {
        lock (gate)
        {
            latest = null;
            state = "unreachable";
            measuredUnixMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        }
    }

    public PlayerSnapshot Snapshot()
    {
        lock (gate)
        {
            var counted = latest is { CountsKnown: true };
            return new PlayerSnapshot(
                protocol.Name(),
                counted,
                counted ? latest!.Online : 0,
                known.MaxPlayers,
                known.Version,
                known.VersionProtocol,
                state,
                measuredUnixMs);
        }
    }
}
