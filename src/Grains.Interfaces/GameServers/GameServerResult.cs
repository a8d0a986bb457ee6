namespace Gsp.GameServers;

/// <summary>The outcome of an operation: the server as it is now, or why the operation was refused.</summary>
[GenerateSerializer, Immutable]
public sealed record GameServerResult(
    [property: Id(0)] GameServerError Error,
    [property: Id(1)] string Message,
    [property: Id(2)] GameServerInfo? Server)
{
    public bool Succeeded => Error == GameServerError.None;

    public static GameServerResult Ok(GameServerInfo server, string message = "") => new(GameServerError.None, message, server);

    public static GameServerResult Refused(GameServerError error, string message, GameServerInfo? server = null) => new(error, message, server);
}
