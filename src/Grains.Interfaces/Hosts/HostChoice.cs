using Gsp.GameServers;

namespace Gsp.Hosts;

/// <summary>
/// The outcome of a reservation: the host and the new server's id, or why no host takes the server
/// (<see cref="GameServerError.NoCapacity"/>, or <see cref="GameServerError.InvalidRequest"/> for an unknown game).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HostChoice(
    [property: Id(0)] GameServerError Error,
    [property: Id(1)] string Message,
    [property: Id(2)] string ServerId,
    [property: Id(3)] string HostName)
{
    public bool Succeeded => Error == GameServerError.None;

    public static HostChoice Chosen(string serverId, string hostName) => new(GameServerError.None, "", serverId, hostName);

    public static HostChoice Refused(GameServerError error, string message) => new(error, message, "", "");
}
