namespace Gsp.WebFrontend.Servers;

/// <summary>A server in the API and in the pages' live updates.</summary>
public sealed record ServerDto(
    string Id,
    string Name,
    string GameId,
    string Status,
    string Detail,
    string HostName,
    string Address,
    bool AutoSleep,
    decimal PricePerHour,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? RunningSince,
    string Backup)
{
    public static ServerDto From(ServerView view) => new(
        view.Id,
        view.Name,
        view.Info?.GameId ?? "",
        view.StatusText,
        view.HostOffline ? "the host's silo is not running; the server comes back when it does" : view.Info?.Detail ?? "",
        view.HostName,
        view.Address,
        view.Info?.AutoSleep ?? false,
        view.Info?.PricePerHour ?? 0,
        view.Info?.CreatedAt,
        view.Info?.RunningSince,
        view.BackupText);
}
