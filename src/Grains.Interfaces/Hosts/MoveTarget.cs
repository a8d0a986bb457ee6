using Gsp.GameServers;

namespace Gsp.Hosts;

/// <summary>
/// Where a moving server goes: the host the directory reserved for it and the first of the public ports held
/// for it there, or why no host takes it (<see cref="GameServerError.NoCapacity"/>, or
/// <see cref="GameServerError.NotFound"/> for a server or host the directory does not know).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MoveTarget(
    [property: Id(0)] GameServerError Error,
    [property: Id(1)] string Message,
    [property: Id(2)] string HostName,
    [property: Id(3)] string PublicAddress,
    [property: Id(4)] int FirstPort)
{
    public bool Succeeded => Error == GameServerError.None;

    public static MoveTarget Chosen(string hostName, string publicAddress, int firstPort) => new(GameServerError.None, "", hostName, publicAddress, firstPort);

    public static MoveTarget Refused(GameServerError error, string message) => new(error, message, "", "", 0);
}
