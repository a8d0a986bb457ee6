using System.Text.Json;
using Gsp.GameServers;
using Gsp.Placement;

namespace Gsp.WebFrontend.Servers;

/// <summary>
/// What a server page reads while it is open, with the session cookie: its status (polled for progress),
/// the last hour of CPU and memory (charts), and its log as server-sent events (lines appear without a
/// reload). Each checks ownership like every page: another user's id is 404.
/// </summary>
public static partial class ServerLiveEndpoints
{
    private static readonly TimeSpan LogPoll = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapServerLiveEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/servers/{id}/live");
        group.MapGet("/status", StatusAsync);
        group.MapGet("/stats", StatsAsync);
        group.MapGet("/logs", LogsAsync);
        app.MapGet("/servers/{id}/backups/{backupId}/download", (string id, string backupId, HttpContext http, ServerBackups backups) =>
            backups.DownloadAsync(http.User, id, backupId));
        return app;
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext http, ServerDirectory servers)
    {
        var view = await servers.FindAsync(http.User, id);
        return view is null ? Results.NotFound() : Results.Json(ServerDto.From(view));
    }

    private static async Task<IResult> StatsAsync(string id, HttpContext http, ServerDirectory servers, IClusterClient client)
    {
        var view = await servers.FindAsync(http.User, id);
        if (view is null)
        {
            return Results.NotFound();
        }

        if (view.HostOffline)
        {
            return Results.Json(new { samples = Array.Empty<object>(), connectedClients = (int?)null });
        }

        var grain = client.GetGrain<IGameServerGrain>(id);
        var history = await grain.GetStatsHistoryAsync();
        var now = await grain.GetStatsAsync();
        return Results.Json(new
        {
            samples = history.Select(s => new { at = s.At, cpu = Math.Round(s.CpuPercent, 1), memoryMb = Math.Round(s.MemoryBytes / 1048576.0, 1), limitMb = Math.Round(s.MemoryLimitBytes / 1048576.0, 0) }),
            connectedClients = now.ConnectedClients,
            players = now.Players is { Known: true } p ? (p.MaxPlayers is { } max ? $"{p.Online} of {max} online" : $"{p.Online} online") : null,
        });
    }

    /// <summary>The last 200 lines, then new ones as the game writes them, until the page goes away.</summary>
    private static async Task LogsAsync(string id, HttpContext http, ServerDirectory servers, IClusterClient client, ILoggerFactory loggers)
    {
        var view = await servers.FindAsync(http.User, id);
        if (view is null || view.HostOffline)
        {
            http.Response.StatusCode = view is null ? StatusCodes.Status404NotFound : StatusCodes.Status503ServiceUnavailable;
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var grain = client.GetGrain<IGameServerGrain>(id);
        var cancelled = http.RequestAborted;
        DateTimeOffset? since = null;
        try
        {
            while (!cancelled.IsCancellationRequested)
            {
                var lines = await grain.GetLogsAsync(since is null ? 200 : 500, since);
                foreach (var line in lines)
                {
                    var json = JsonSerializer.Serialize(new { at = line.At, text = line.Text, error = line.IsError });
                    await http.Response.WriteAsync($"data: {json}\n\n", cancelled);
                    since = line.At;
                }

                await http.Response.WriteAsync(": keep-alive\n\n", cancelled);
                await http.Response.Body.FlushAsync(cancelled);
                await Task.Delay(LogPoll, cancelled);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        catch (HostOfflineException)
        {
            LogStreamEnded(loggers.CreateLogger(typeof(ServerLiveEndpoints)), id, "host offline");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Log stream of server {ServerId} ended: {Reason}")]
    private static partial void LogStreamEnded(ILogger logger, string serverId, string reason);
}
