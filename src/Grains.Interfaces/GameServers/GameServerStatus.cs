namespace Gsp.GameServers;

/// <summary>
/// Where a game server is in its life. The legal moves:
/// <code>
/// (new) ─create─▶ Creating ─▶ Sleeping ─wake─▶ Starting ─▶ Running ─hibernate─▶ Stopping ─▶ Sleeping
///                    │                                        │ (game exits by itself: a crash)  ─▶ Sleeping
///                    └─(deployment fails, all removed)─▶ Failed
/// any settled state ─delete─▶ Deleting ─▶ Deleted        (with backup-before-delete: a backup first)
/// Sleeping/Running ─back up─▶ BackingUp ─▶ the state it came from (a running game is stopped for it)
/// Sleeping/Running ─restore─▶ Restoring ─▶ the state it came from, with the backup's data
/// Sleeping ─move (an admin, or its host drains)─▶ Moving ─▶ Sleeping on another host (or on its own, when the move fails)
/// any transition ─(the engine keeps failing it past the retry window)─▶ Failed ─wake/hibernate/delete─▶ …
/// </code>
/// Creating, Starting, Stopping, Deleting, BackingUp, Restoring and Moving are transitions: while one runs, other power actions are
/// refused with <see cref="GameServerError.Busy"/>. Every transition ends: its work is retried while the engine fails
/// it, for a bounded time (<c>Gsp:GameServers:ActionRetryWindow</c>), and then the server is Failed with the reason
/// in <see cref="GameServerInfo.Detail"/>.
/// </summary>
[GenerateSerializer]
public enum GameServerStatus
{
    /// <summary>No server was ever created under this id.</summary>
    None,
    Creating,
    Sleeping,
    Starting,
    Running,
    Stopping,
    Deleting,
    Deleted,

    /// <summary>
    /// An action failed for good; <see cref="GameServerInfo.Detail"/> says why. After a failed start, stop,
    /// backup or restore (<see cref="GameServerInfo.FailedDuring"/>) the owner may wake, hibernate or delete;
    /// after a failed deployment or delete, or with the containers gone, only delete.
    /// </summary>
    Failed,

    /// <summary>A backup is being taken; the game is stopped meanwhile. Progress in <see cref="GameServerInfo.BackupProgress"/>.</summary>
    BackingUp,

    /// <summary>The data is being replaced by a backup's; the game is stopped meanwhile.</summary>
    Restoring,

    /// <summary>
    /// A sleeping server is being moved to another host: its data is copied there and its sidecar made again.
    /// Ends in Sleeping, on the new host with a new public address, or on the old one (nothing left on the
    /// other) with the reason in <see cref="GameServerInfo.Detail"/>.
    /// </summary>
    Moving,
}
