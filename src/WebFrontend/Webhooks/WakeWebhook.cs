using System.Buffers;
using System.Text.Json;
using Gsp.GameServers;
using Gsp.Placement;
using Gsp.WebFrontend.Api;
using Gsp.WebFrontend.Servers;
using Microsoft.Extensions.Options;

namespace Gsp.WebFrontend.Webhooks;

/// <summary>
/// <c>POST /api/webhook/wake</c>: a sidecar proxy asks for its sleeping server to be woken. The caller
/// proves it is that server's proxy with the server's own token (<see cref="WakeTokens"/>). Answers
/// (<see cref="WakeStatuses"/>): 200 already running, 202 waking; refusals with a <see cref="WakeAnswer"/> whose error
/// the sidecar shows the player, by <see cref="RefusalStatus"/> (402 no credits, 404 no such server, 409 failed or busy,
/// 503 host offline or full), or 400 malformed (a body over <see cref="WakeRequest.MaxBodyBytes"/>, however framed),
/// 401 bad token; 429 with <c>Retry-After</c> over the <see cref="WakeRateLimits"/>. Nothing changes unless the answer
/// is 202.
/// </summary>
public static partial class WakeWebhook
{
    public const string Route = "/api/webhook/wake";

    public static IEndpointRouteBuilder MapWakeWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, IClusterClient client, IOptions<WakeOptions> wake, WakeRateLimits limits, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WakeWebhook));
        var request = http.Request;
        using var addressLease = limits.ForAddress(http.Connection.RemoteIpAddress);
        if (!addressLease.IsAcquired)
        {
            return TooMany(http, limits.RetryAfterSeconds(addressLease), "too many wake requests from this address");
        }

        var serverId = await ReadServerIdAsync(request, http.RequestAborted);
        if (serverId is null)
        {
            LogRejected(logger, "malformed body", "-");
            return Answer(StatusCodes.Status400BadRequest, "expected a JSON body {\"serverId\":\"<host>.<id>\"}");
        }

        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "";
        if (token.Length == 0 || !WakeTokens.Verify(wake.Value.Secret, serverId, token))
        {
            LogRejected(logger, "invalid token", serverId);
            return Answer(StatusCodes.Status401Unauthorized, "the token is not valid for this server");
        }

        using var serverLease = limits.ForServer(serverId);
        if (!serverLease.IsAcquired)
        {
            LogRejected(logger, "rate limited", serverId);
            return TooMany(http, limits.RetryAfterSeconds(serverLease), "too many wake requests for this server");
        }

        try
        {
            var server = client.GetGrain<IGameServerGrain>(serverId);
            var info = await server.GetInfoAsync();
            if (info is null || info.Status == GameServerStatus.Deleted)
            {
                LogRejected(logger, "unknown server", serverId);
                return Answer(RefusalStatus.Of(GameServerError.NotFound), "there is no such server");
            }

            var result = await server.WakeAsync();
            LogWake(logger, serverId, result.Error, result.Server?.Status);
            return result.Error switch
            {
                GameServerError.None when result.Server?.Status == GameServerStatus.Running =>
                    Results.Json(new WakeAnswer(Status: WakeAnswer.Running), SidecarJsonContext.Default.WakeAnswer, statusCode: WakeStatuses.Running),
                GameServerError.None =>
                    Results.Json(new WakeAnswer(Status: WakeAnswer.Waking), SidecarJsonContext.Default.WakeAnswer, statusCode: WakeStatuses.Waking),
                _ => Answer(RefusalStatus.Of(result.Error), result.Message),
            };
        }
        catch (HostOfflineException ex)
        {
            LogRejected(logger, "host offline", serverId);
            var offline = ServerDirectory.HostOffline(ex.HostName);
            return Answer(RefusalStatus.Of(offline.Error), offline.Message);
        }
    }

    /// <summary>
    /// The server id of a well-formed body, or null. At most <see cref="WakeRequest.MaxBodyBytes"/> are read whatever
    /// the framing: a declared length over the cap is refused unread, a chunked body is refused at the first byte
    /// past it.
    /// </summary>
    private static async Task<string?> ReadServerIdAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > WakeRequest.MaxBodyBytes || !request.HasJsonContentType())
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(WakeRequest.MaxBodyBytes + 1);
        try
        {
            var count = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(count, WakeRequest.MaxBodyBytes + 1 - count), cancellationToken)) > 0)
            {
                count += read;
                if (count > WakeRequest.MaxBodyBytes)
                {
                    return null;
                }
            }

            var body = JsonSerializer.Deserialize(buffer.AsSpan(0, count), SidecarJsonContext.Default.WakeRequest);
            return body?.ServerId is { } id && GameServerIds.IsWellFormed(id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult Answer(int status, string message) =>
        Results.Json(new WakeAnswer(Error: message), SidecarJsonContext.Default.WakeAnswer, statusCode: status);

    private static IResult TooMany(HttpContext http, int retryAfterSeconds, string message)
    {
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Answer(WakeStatuses.TooManyRequests, message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wake request rejected ({Reason}) for server {ServerId}")]
    private static partial void LogRejected(ILogger logger, string reason, string serverId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wake request for server {ServerId}: {Error}, now {Status}")]
    private static partial void LogWake(ILogger logger, string serverId, GameServerError error, GameServerStatus? status);
}
