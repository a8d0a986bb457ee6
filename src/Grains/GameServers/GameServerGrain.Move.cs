using Gsp.Moves;

namespace Gsp.GameServers;

// Moving a sleeping server to another host: the grain's share is the status, the persisted job and the new
// address; the copy itself is the move unit's (Gsp.Moves.ServerMoves). The work runs as a power action, so
// nothing else starts meanwhile, and resumes after a silo restart (WorkOf). It calls its hosts through their
// transfer grains, never this silo's engine, so it can finish from any silo. Once it commits, this activation
// leaves: the next call activates the server on its new host's silo.
public sealed partial class GameServerGrain
{
    /// <summary>How long a server whose move off a draining host failed waits before its idle check tries again.</summary>
    private static readonly TimeSpan DrainMoveRetryDelay = TimeSpan.FromMinutes(10);

    /// <summary>When a failed move may be tried again for a drain; memory only (a new activation tries at once).</summary>
    private DateTimeOffset? drainMoveRetryAt;

    public async Task<GameServerResult> MoveAsync(string? targetHost)
    {
        await SettleAsync();
        if (S.Status == GameServerStatus.Moving)
        {
            return GameServerResult.Ok(Info(), "the server is already moving");
        }

        if (S.Status is GameServerStatus.None or GameServerStatus.Deleted)
        {
            return NoSuchServer();
        }

        if (Busy || S.Status != GameServerStatus.Sleeping)
        {
            return GameServerResult.Refused(GameServerError.InvalidTransition, $"only a sleeping server moves; the server is {Describe(S.Status)}", Info());
        }

        if (targetHost == S.HostName)
        {
            return GameServerResult.Refused(GameServerError.InvalidRequest, $"the server is already on {targetHost}", Info());
        }

        // A quick refusal when nowhere has room; the work holds the ports itself (and again after a restart).
        var target = await Directory.ReserveMoveTargetAsync(Id, targetHost);
        if (!target.Succeeded)
        {
            await Directory.CancelMoveAsync(Id);
            return GameServerResult.Refused(target.Error, target.Message, Info());
        }

        if (Busy || S.Status != GameServerStatus.Sleeping)
        {
            await Directory.CancelMoveAsync(Id);
            return Refuse("move");
        }

        S.Move = new MoveJob { SourceHost = S.HostName, RequestedHost = target.HostName };
        await MoveToAsync(GameServerStatus.Moving, $"moving to {target.HostName}");
        Begin(GameServerStatus.Moving, MoveWorkAsync);
        return GameServerResult.Ok(Info());
    }

    public async Task OnHostDrainingAsync()
    {
        await SettleAsync();
        await MoveOffDrainingHostAsync();
    }

    /// <summary>A sleeping server on a draining host moves to any host with room (also at each idle check).</summary>
    private async Task MoveOffDrainingHostAsync()
    {
        if (drainMoveRetryAt is { } retryAt && time.GetUtcNow() < retryAt)
        {
            return;
        }

        if (S.Status == GameServerStatus.Sleeping && !Busy && await Directory.IsDrainingAsync(S.HostName))
        {
            var result = await MoveAsync(null);
            if (!result.Succeeded)
            {
                LogDrainMoveRefused(logger, Id, S.HostName, result.Message);
            }
        }
    }

    private async Task MoveWorkAsync()
    {
        var plan = new ServerMovePlan
        {
            ServerId = Id,
            OwnerId = S.Request!.OwnerId,
            SourceHost = S.Move!.SourceHost,
            Game = S.Game!,
            Environment = S.Environment,
            InternetAccess = S.Request.InternetAccess,
            PublicPort = 0,
            KnownGame = S.KnownGame,
        };
        var outcome = await moves.RunAsync(plan, S.Move, SaveMoveAsync);
        S.Move = null;
        drainMoveRetryAt = outcome.Moved ? null : time.GetUtcNow() + DrainMoveRetryDelay;
        await MoveToAsync(GameServerStatus.Sleeping, outcome.Detail);
        if (outcome.Moved)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Persists the job; once it is committed the server's host and address are the target's.</summary>
    private async Task SaveMoveAsync(MoveJob job)
    {
        S.Move = job;
        if (job.Committed)
        {
            S.HostName = job.TargetHost;
            S.PublicAddress = job.TargetAddress;
            S.PublicPort = job.TargetPort;
        }

        await state.WriteStateAsync();
    }

    /// <summary>
    /// Whether this activation is on another host's silo than the server lives on: only a move (which works
    /// through its hosts' transfer grains) may run there; anything else would act on the wrong engine.
    /// </summary>
    private bool Misplaced =>
        S.HostName.Length > 0 && S.HostName != hostIdentity.Name
        && S.Status is not (GameServerStatus.None or GameServerStatus.Deleted or GameServerStatus.Moving);

    // Debug: a drain with no room elsewhere would otherwise log this for every server at every idle check.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Server {ServerId}: not moved off draining host {Host}: {Reason}")]
    private static partial void LogDrainMoveRefused(ILogger logger, string serverId, string host, string reason);
}
