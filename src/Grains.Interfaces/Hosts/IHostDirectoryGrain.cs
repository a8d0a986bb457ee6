using Gsp.GameServers;

namespace Gsp.Hosts;

/// <summary>
/// Every Docker host of the cluster (one grain, key <see cref="Key"/>): each host's declared capacity,
/// the servers placed on it and what they reserve, and whether it is draining. Placement decisions are
/// made here, one at a time, so concurrent creates never over-commit a host.
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
    /// Picks a host for a new server of the request's game and reserves its share there: a host whose
    /// silo is active, that is not draining, and that has the game's memory, CPUs and a block of public
    /// ports free; the one with the most free memory wins. Returns the new server's id, to be passed to
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

    /// <summary>Frees the server's reservation and its public ports; a no-op when it holds none.</summary>
    Task ReleaseAsync(string serverId);

    /// <summary>
    /// Stops (true) or resumes (false) placing new servers on the host; its servers keep running either
    /// way. Returns false for a host the directory does not know.
    /// </summary>
    Task<bool> SetDrainingAsync(string hostName, bool draining);

    /// <summary>Every known host with its capacity, use, servers and whether it is online, by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<HostView>> ListHostsAsync();

    /// <summary>The host of a server and whether it is online, or null when the directory holds no such server.</summary>
    [AlwaysInterleave]
    Task<ServerLocation?> FindServerAsync(string serverId);
}
