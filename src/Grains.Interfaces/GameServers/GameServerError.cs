namespace Gsp.GameServers;

/// <summary>Why a game-server operation was refused; each maps to a plain message and an HTTP status.</summary>
[GenerateSerializer]
public enum GameServerError
{
    None,

    /// <summary>No server with this id (never created, or deleted).</summary>
    NotFound,

    /// <summary>The request itself is wrong (unknown game, invalid variables, bad name).</summary>
    InvalidRequest,

    /// <summary>The operation is not possible in the current state (e.g. wake a failed server).</summary>
    InvalidTransition,

    /// <summary>Another power action is under way; try again when it ends.</summary>
    Busy,

    /// <summary>The owner has no credits left.</summary>
    InsufficientCredits,

    /// <summary>The host has no free public port or capacity.</summary>
    NoCapacity,

    /// <summary>A service the operation needs (the backup target) did not answer or refused; the message says which.</summary>
    Unavailable,

    /// <summary>The user is at one of their limits (servers, backups per server, backup bytes); the message names it.</summary>
    QuotaExceeded,
}
