using Gsp.GameServers;

namespace Gsp.Hosts;

/// <summary>
/// Every Docker host of the cluster (one grain, key <see cref="Key"/>): each host's declared capacity,
/// the servers placed on it (each holding its public ports), the servers running there (each holding its
/// game's memory and CPUs), and whether it is draining. Placement and admission decisions are made here,
/// one at a time, so concurrent creates and wakes never over-commit a host.
/// </summary>
public interface IHostDirectoryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// Records a host's address and capacity (each silo calls this as it starts). Keeps the host's
    /// servers and its draining flag. A capacity lowered below what is reserved keeps every server and
    /// places nothing new there until enough is freed.
    /// </summary>
    Task RegisterAsync(HostRegistration host);

    /// <summary>
    /// Picks a host for a new server of the request's game and reserves its ports there: a host whose
    /// silo is active, that is not draining, that has a block of public ports free and whose budget could
    /// run the game at all; the one with the most memory free for running games wins, then the one with
    /// the fewest servers. A sleeping server reserves no memory or CPUs. Returns the new server's id, to be passed to
    /// <see cref="IGameServerGrain.CreateAsync"/>; <see cref="GameServerCreation"/> does both.
    /// Refused with NoCapacity when no host has room, with InvalidRequest for a game not in the catalog.
    /// </summary>
    Task<HostChoice> ChooseHostAsync(CreateGameServer request);

    /// <summary>
    /// Reserves a server's share on the given host (the server grain calls this when it is created).
    /// Idempotent: a server already reserved there (by <see cref="ChooseHostAsync"/>) succeeds at once.
    /// Otherwise refused with NoCapacity when the host is draining or lacks the memory or CPUs. Registers
    /// the host when the directory does not know it yet. Ports are the server grain's to allocate.
    /// </summary>
    Task<HostChoice> ReserveOnAsync(HostRegistration host, ServerReservation server);

    /// <summary>
    /// Admits the placed server's game to run: reserves its memory and CPUs when the host's running servers
    /// leave room within the host's over-committed budget. Idempotent: a server already running succeeds at
    /// once. Refused with NoCapacity and "this host is busy, try again in a minute" otherwise (counted in
    /// <see cref="HostView.BusyRefusals"/>), or NotFound for a server placed nowhere. With
    /// <paramref name="evenIfFull"/> the game is recorded as running whatever the room: for a game that was
    /// found running (started by hand, or before a silo restart), which must be counted, not refused.
    /// </summary>
    Task<HostChoice> AdmitAsync(string serverId, bool evenIfFull);

    /// <summary>Frees the memory and CPUs of a server whose game stopped; a no-op when it holds none.</summary>
    Task StoppedAsync(string serverId);

    /// <summary>Frees the server's reservation and its public ports; a no-op when it holds none.</summary>
    Task ReleaseAsync(string serverId);

    /// <summary>
    /// Stops (true) or resumes (false) placing new servers on the host; its running servers keep running. Draining
    /// also moves the host's sleeping servers to hosts with room (each is told at once; a running one moves once
    /// it sleeps). Returns false for a host the directory does not know.
    /// </summary>
    Task<bool> SetDrainingAsync(string hostName, bool draining);

    // Moving servers between hosts (see Gsp.Moves). The server keeps its reservation on its host until the move
    // commits; the target's ports are held under the server's id meanwhile.

    /// <summary>
    /// Picks a host for a sleeping server that moves off its own and holds a block of public ports for it there:
    /// <paramref name="hostName"/> when given (it must be online, not draining, and not the server's own), else
    /// the online, non-draining host with the most room, as for a new server. Idempotent for the same target.
    /// Refused with NoCapacity when no host (or not the one asked for) has room, NotFound for an unknown server
    /// or host. Changes nothing on the server's own host.
    /// </summary>
    Task<MoveTarget> ReserveMoveTargetAsync(string serverId, string? hostName);

    /// <summary>
    /// The move is done: the server's reservation goes to <paramref name="targetHost"/> (where its ports were held
    /// by <see cref="ReserveMoveTargetAsync"/>) and its ports on the old host are freed. Idempotent.
    /// </summary>
    Task CommitMoveAsync(string serverId, string targetHost);

    /// <summary>A move was called off: frees the ports held for the server on every host but its own. Idempotent.</summary>
    Task CancelMoveAsync(string serverId);

    /// <summary>Whether the host is draining (its sleeping servers move away); false for an unknown host.</summary>
    [AlwaysInterleave]
    Task<bool> IsDrainingAsync(string hostName);

    /// <summary>Every known host with its capacity, use, servers and whether it is online, by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<HostView>> ListHostsAsync();

    /// <summary>The host of a server and whether it is online, or null when the directory holds no such server.</summary>
    [AlwaysInterleave]
    Task<ServerLocation?> FindServerAsync(string serverId);
}
