using Gsp.GameServers;

namespace Gsp.WebFrontend.Api;

/// <summary>
/// The one mapping from a refusal to its HTTP status, used by the API and the wake webhook alike: each kind of
/// "no" has its own status, and the sidecar treats every one of them as a refusal it tells the waiting player
/// (see <see cref="WakeStatuses"/>). A new <see cref="GameServerError"/> gets its line here.
/// </summary>
public static class RefusalStatus
{
    public static int Of(GameServerError error) => error switch
    {
        GameServerError.InvalidRequest => StatusCodes.Status400BadRequest,
        GameServerError.InsufficientCredits => StatusCodes.Status402PaymentRequired,
        GameServerError.NotFound => StatusCodes.Status404NotFound,

        // Not now: a failed server, another power action under way, or a per-user limit reached.
        GameServerError.InvalidTransition or GameServerError.Busy or GameServerError.QuotaExceeded => StatusCodes.Status409Conflict,

        // The host is full, offline, or a service the action needs did not answer.
        GameServerError.NoCapacity or GameServerError.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status409Conflict,
    };
}
