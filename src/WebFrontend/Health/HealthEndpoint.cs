using Gsp.WebFrontend.Cluster;

namespace Gsp.WebFrontend.Health;

/// <summary><c>GET /healthz</c>: 200 when a silo answers a call, 503 with the reason otherwise.</summary>
public static partial class HealthEndpoint
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealthEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", ProbeAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> ProbeAsync(IClusterClient client, ClusterConnectionState state, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
            state.MarkConnected();
            return Results.Ok(new HealthReport("healthy", silos.Count, null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = state.Connected ? ex.Message : state.LastError ?? ex.Message;
            LogUnhealthy(loggers.CreateLogger(typeof(HealthEndpoint)), reason);
            return Results.Json(new HealthReport("cluster unavailable", 0, reason), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health probe failed: {Reason}")]
    private static partial void LogUnhealthy(ILogger logger, string reason);
}
