using Gsp.Containers;

namespace Gsp.GameServers;

/// <summary>
/// One game server: its state machine (see <see cref="GameServerStatus"/>) and its containers on one Docker
/// host at a time. The grain lives on that host's silo: the host directory says which (a moved server keeps its
/// id), and for a server it does not hold yet, the host named in the id (see <see cref="GameServerIds"/>).
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

    /// <summary>
    /// The game's resource use over the last hour, oldest first: one sample per billing tick while it ran
    /// (kept in memory, so a fresh activation starts a new history).
    /// </summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ContainerStats>> GetStatsHistoryAsync();

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
    // Backups. Every call takes the caller's user id and answers NotFound when the server is not
    // theirs, exactly as for a server that does not exist, so one user learns nothing of another's.

    /// <summary>
    /// Takes a backup now: a gzip tar of the data folder, streamed from the engine to the server's backup
    /// target. The game is stopped for it (a consistent copy of a running game's files is impossible
    /// from outside) and started again afterwards. Returns at once in BackingUp, with the new backup's id
    /// in <see cref="GameServerInfo.BackupProgress"/>; ends in the state it came from, with the outcome in
    /// <see cref="GameServerInfo.LastBackupOutcome"/>. Refused (Busy) while another action runs. A failed
    /// upload leaves nothing listed. Costs nothing.
    /// </summary>
    Task<GameServerResult> BackUpAsync(string userId);

    /// <summary>The server's complete backups, newest first.</summary>
    [AlwaysInterleave]
    Task<Gsp.Backups.BackupList> ListBackupsAsync(string userId);

    /// <summary>Removes a backup; a no-op when it does not exist. Allowed while the server runs.</summary>
    Task<GameServerResult> DeleteBackupAsync(string userId, string backupId);

    /// <summary>
    /// Replaces the server's data with a backup's: the game container and the data volume are removed and
    /// made again, and the archive is extracted into the stopped container. Refused with InvalidRequest
    /// unless <paramref name="confirmed"/> is true, because the current data is lost. Returns at once in
    /// Restoring; ends in the state it came from (a running game is started again with the restored data).
    /// </summary>
    Task<GameServerResult> RestoreAsync(string userId, string backupId, bool confirmed);

    /// <summary>
    /// The stored bytes of a backup (the .tar.gz), in chunks, read from the target as the caller consumes
    /// them, so neither side holds the whole file. Empty when the backup or the server does not exist or
    /// is not the caller's; compare with <see cref="Gsp.Backups.BackupInfo.Sha256"/> to be sure of it.
    /// </summary>
    [AlwaysInterleave]
    IAsyncEnumerable<byte[]> DownloadBackupAsync(string userId, string backupId);

    /// <summary>
    /// A time-limited URL the caller's browser can download the backup from directly, sparing the cluster
    /// the bytes. Null when the server keeps its backups where there are no such URLs (the local folder;
    /// use <see cref="DownloadBackupAsync"/>), or when the backup or the server is not the caller's.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> GetBackupDownloadUrlAsync(string userId, string backupId);

    /// <summary>
    /// Sets the backup schedule (interval, how many scheduled backups to keep) and whether a delete takes
    /// a backup first. An interval below the configured minimum is refused (InvalidRequest).
    /// </summary>
    Task<GameServerResult> ConfigureBackupsAsync(string userId, Gsp.Backups.BackupSchedule schedule);

    /// <summary>
    /// Moves a sleeping server to another host (an admin's action; also what a draining host asks of its servers):
    /// <paramref name="targetHost"/>, or any host with room when null or empty. Returns at once in Moving: the data
    /// volume is streamed to the new host, the sidecar and the game container are made there, and the server
    /// ends Sleeping there with a new public address; the old host's containers, network and data are removed.
    /// A move that fails leaves the server sleeping on its old host, whole, with nothing left on the other and the
    /// reason in <see cref="GameServerInfo.Detail"/>. Refused with InvalidTransition unless the server sleeps, and
    /// NoCapacity when no host (or not the one asked for) has room. A no-op while moving. Costs nothing.
    /// </summary>
    Task<GameServerResult> MoveAsync(string? targetHost);

    /// <summary>
    /// The server's host started draining: a sleeping server moves to a host with room (as <see cref="MoveAsync"/>
    /// with any host); a running one moves once it sleeps, at its next idle check. One-way, so the directory never
    /// waits on its servers.
    /// </summary>
    [OneWay]
    Task OnHostDrainingAsync();

    /// <summary>
    /// Turns the game's access to public internet addresses on or off (it never reaches private addresses or
    /// the platform either way). Takes effect at once on a sleeping server, whose game container is made
    /// again; a running server must be put to sleep first (InvalidTransition). Idempotent; costs nothing.
    /// </summary>
    Task<GameServerResult> SetInternetAccessAsync(string userId, bool enabled);
}
