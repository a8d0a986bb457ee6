using System.Text.Json;
using Gsp.GameServers;
using Gsp.Placement;
using Microsoft.Extensions.Options;

namespace Gsp.WebFrontend.Webhooks;

/// <summary>
/// <c>POST /api/webhook/wake</c>: a sidecar proxy asks for its sleeping server to be woken. The caller
/// proves it is that server's proxy with the server's own token (<see cref="WakeTokens"/>). Answers:
/// 200 already running, 202 waking, 400 malformed, 401 bad token, 402 out of credits, 404 no such
/// server, 409 busy or not wakeable, 503 host offline. Nothing changes unless the answer is 202.
/// </summary>
public static partial class WakeWebhook
{
    public const string Route = "/api/webhook/wake";
    private const int MaxBodyBytes = 4096;

    public static IEndpointRouteBuilder MapWakeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IClusterClient client, IOptions<WakeOptions> wake, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WakeWebhook));
        var serverId = await ReadServerIdAsync(request);
        if (serverId is null)
        {
            LogRejected(logger, "malformed body", "-");
            return Error(StatusCodes.Status400BadRequest, "expected a JSON body {\"serverId\":\"<host>.<id>\"}");
        }

        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        if (token.Length == 0 || !WakeTokens.Verify(wake.Value.Secret, serverId, token))
        {
            LogRejected(logger, "invalid token", serverId);
            return Error(StatusCodes.Status401Unauthorized, "the token is not valid for this server");
        }

        try
        {
            var server = client.GetGrain<IGameServerGrain>(serverId);
            var info = await server.GetInfoAsync();
            if (info is null || info.Status == GameServerStatus.Deleted)
            {
                LogRejected(logger, "unknown server", serverId);
                return Error(StatusCodes.Status404NotFound, "there is no such server");
            }

            var result = await server.WakeAsync();
            LogWake(logger, serverId, result.Error, result.Server?.Status);
            return result.Error switch
            {
                GameServerError.None when result.Server?.Status == GameServerStatus.Running => Results.Json(new { status = "running" }),
                GameServerError.None => Results.Json(new { status = "waking" }, statusCode: StatusCodes.Status202Accepted),
                GameServerError.InsufficientCredits => Error(StatusCodes.Status402PaymentRequired, result.Message),
                GameServerError.NotFound => Error(StatusCodes.Status404NotFound, result.Message),
                _ => Error(StatusCodes.Status409Conflict, result.Message),
            };
        }
        catch (HostOfflineException ex)
        {
            LogRejected(logger, "host offline", serverId);
            return Error(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
    }

    private static async Task<string?> ReadServerIdAsync(HttpRequest request)
    {
        if (request.ContentLength is > MaxBodyBytes || !request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            var body = await request.ReadFromJsonAsync<WakeRequest>();
            return body?.ServerId is { } id && GameServerIds.IsWellFormed(id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake request rejected ({Reason}) for server {ServerId}")]
    private static partial void LogRejected(ILogger logger, string reason, string serverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wake request for server {ServerId}: {Error}, now {Status}")]
    private static partial void LogWake(ILogger logger, string serverId, GameServerError error, GameServerStatus? status);
}
