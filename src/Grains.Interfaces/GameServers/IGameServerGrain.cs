using Gsp.Containers;

namespace Gsp.GameServers;

/// <summary>
/// One game server: its state machine (see <see cref="GameServerStatus"/>) and its containers on one Docker
/// host. The grain lives on that host's silo (the host is part of the id, see <see cref="GameServerIds"/>).
/// Power actions (create, wake, hibernate, delete) return at once with the server in its transition state
/// and finish in the background; one runs at a time, and another asked for meanwhile is refused with
/// <see cref="GameServerError.Busy"/>. Every action is idempotent: asking for the state a server is
/// already in (or moving to) succeeds and changes nothing.
/// </summary>
public interface IGameServerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Deploys the server: a private network, the sidecar proxy on a public port of the host (running from
    /// then on), and the game container, created but not started, with its data volume. Pulls a missing
    /// image, showing progress in <see cref="GameServerInfo.Detail"/>. Ends in Sleeping, or in Failed
    /// with everything made so far removed. Repeating the same request for the same id returns the
    /// existing server. Costs nothing: only running is billed. Refused with
    /// <see cref="GameServerError.InsufficientCredits"/> while the owner's wallet is at or below zero.
    /// </summary>
    Task<GameServerResult> CreateAsync(CreateGameServer request);

    /// <summary>
    /// Starts the game container. Sleeping → Starting → Running. A no-op when starting or running.
    /// Refused while stopping (Busy), or when the server is failed or deleted, and with
    /// <see cref="GameServerError.InsufficientCredits"/> ("add credits to wake this server") while the owner's
    /// wallet is at or below zero.
    /// </summary>
    Task<GameServerResult> WakeAsync();

    /// <summary>
    /// Stops the game container (its stop signal, then a kill after the grace period), keeping the proxy
    /// and the data. Running → Stopping → Sleeping. A no-op when already sleeping or stopping.
    /// </summary>
    Task<GameServerResult> HibernateAsync();

    /// <summary>
    /// Removes the containers, the network and the data volume, and frees the public port. Ends in Deleted.
    /// A no-op when already deleting or deleted. Refused while another action runs (Busy).
    /// </summary>
    Task<GameServerResult> DeleteAsync();

    /// <summary>The server as it is now, or null when no server was ever created under this id.</summary>
    [AlwaysInterleave]
    Task<GameServerInfo?> GetInfoAsync();

    /// <summary>One sample of resource use and player activity.</summary>
    [AlwaysInterleave]
    Task<GameServerStats> GetStatsAsync();

    /// <summary>The last <paramref name="tail"/> lines the game wrote (only lines since <paramref name="since"/> when given).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ContainerLogLine>> GetLogsAsync(int tail, DateTimeOffset? since);

    /// <summary>
    /// Tells the server that one of its containers changed outside its own actions (the host's event
    /// watcher calls this), so it can record a crash or redeploy what was removed.
    /// </summary>
    Task ReconcileAsync();

    /// <summary>
    /// The owner's wallet reached zero: a running (or starting) server bills its last slice and hibernates.
    /// One-way, so a wallet telling many servers never waits on them; idempotent, and repeated by every
    /// billing tick while the wallet stays empty, so a lost notice costs at most one tick.
    /// </summary>
    [OneWay]
    Task OnCreditsExhaustedAsync();
}
