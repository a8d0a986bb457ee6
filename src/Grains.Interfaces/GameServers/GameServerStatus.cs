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
/// </code>
/// Creating, Starting, Stopping, Deleting, BackingUp and Restoring are transitions: while one runs, other power actions are
/// refused with <see cref="GameServerError.Busy"/>.
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

    /// <summary>Deployment failed or the server's containers are gone for good; only delete is possible.</summary>
    Failed,

    /// <summary>A backup is being taken; the game is stopped meanwhile. Progress in <see cref="GameServerInfo.BackupProgress"/>.</summary>
    BackingUp,

    /// <summary>The data is being replaced by a backup's; the game is stopped meanwhile.</summary>
    Restoring,
}
