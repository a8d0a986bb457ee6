namespace Gsp.GameServers;

/// <summary>
/// Where a game server is in its life. The legal moves:
/// <code>
/// (new) ─create─▶ Creating ─▶ Sleeping ─wake─▶ Starting ─▶ Running ─hibernate─▶ Stopping ─▶ Sleeping
///                    │                                        │ (game exits by itself: a crash)  ─▶ Sleeping
///                    └─(deployment fails, all removed)─▶ Failed
/// any settled state ─delete─▶ Deleting ─▶ Deleted
/// </code>
/// Creating, Starting, Stopping and Deleting are transitions: while one runs, other power actions are
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
}
