using Gsp.GameServers;
using Gsp.Hosts;

namespace Gsp.Moves;

/// <summary>
/// Moving a sleeping server to another host, as a unit of its own that the server grain calls while it holds its
/// power-action lock (as backups are): the directory holds ports on a target; the target host makes the server's
/// network, volume and containers and streams the data from the source host (host to host, never whole in
/// memory); then the move commits — the directory switches the server to the target and frees its old ports —
/// and the source host removes what the server had there. Until the commit the server is whole on its old host,
/// and a failure removes whatever was made on the target and frees the ports held there. Every step is safe to
/// repeat, so a move resumed after a silo restart runs again from its start (a committed one only finishes).
/// Holds no state: the job is the grain's, persisted through <c>save</c> at each step that must survive a restart.
/// </summary>
public sealed partial class ServerMoves(IGrainFactory grains, ILogger<ServerMoves> logger)
{
    private IHostDirectoryGrain Directory => grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    /// <param name="plan">The server as recorded; its public port is the one held on the target, set here.</param>
    /// <param name="save">Persists the job with the server (the grain records the new host once it is committed).</param>
    public async Task<MoveOutcome> RunAsync(ServerMovePlan plan, MoveJob job, Func<MoveJob, Task> save)
    {
        if (!job.Committed)
        {
            try
            {
                var target = await Directory.ReserveMoveTargetAsync(plan.ServerId, job.TargetHost.Length > 0 ? job.TargetHost : job.RequestedHost);
                if (!target.Succeeded)
                {
                    await RollBackAsync(plan.ServerId, job.TargetHost);
                    return new MoveOutcome(false, $"not moved: {target.Message}; the server stays on {job.SourceHost}", job);
                }

                job = job with { TargetHost = target.HostName, TargetAddress = target.PublicAddress, TargetPort = target.FirstPort };
                await save(job);
                LogCopying(logger, plan.ServerId, job.SourceHost, job.TargetHost);
                var bytes = await Transfer(job.TargetHost).ReceiveAsync(plan with { SourceHost = job.SourceHost, PublicPort = job.TargetPort });
                LogCopied(logger, plan.ServerId, job.TargetHost, bytes);
            }
            catch (Exception e)
            {
                LogMoveFailed(logger, e, plan.ServerId, job.SourceHost, job.TargetHost);
                await RollBackAsync(plan.ServerId, job.TargetHost);
                return new MoveOutcome(false, $"the move to {Named(job.TargetHost)} failed, the server stays on {job.SourceHost}: {e.Message}", job with { TargetHost = "" });
            }

            job = job with { Committed = true };
            await save(job);
        }

        // Committed: from here on the move only finishes; a failure is retried by the grain, never rolled back.
        await Directory.CommitMoveAsync(plan.ServerId, job.TargetHost);
        try
        {
            if (!await Transfer(job.SourceHost).RemoveServerAsync(plan.ServerId))
            {
                LogSourceLeftovers(logger, plan.ServerId, job.SourceHost, "the engine failed; retried in the background");
            }
        }
        catch (Exception e)
        {
            // The old host's silo is gone: its sweep at start removes the containers of a server that lives elsewhere.
            LogSourceLeftovers(logger, plan.ServerId, job.SourceHost, e.Message);
        }

        return new MoveOutcome(true, $"moved from {job.SourceHost} to {job.TargetHost}", job);
    }

    /// <summary>Removes what was made on the target (retried there in the background when its engine fails) and frees the ports held there.</summary>
    private async Task RollBackAsync(string serverId, string targetHost)
    {
        if (targetHost.Length > 0)
        {
            try
            {
                await Transfer(targetHost).RemoveServerAsync(serverId);
            }
            catch (Exception e)
            {
                LogTargetLeftovers(logger, serverId, targetHost, e.Message);
            }
        }

        await Directory.CancelMoveAsync(serverId);
    }

    private IHostTransferGrain Transfer(string hostName) => grains.GetGrain<IHostTransferGrain>(hostName);

    private static string Named(string host) => host.Length > 0 ? host : "another host";

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: copying its data from host {Source} to {Target}")]
    private static partial void LogCopying(ILogger logger, string serverId, string source, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: made on host {Target} with {Bytes} bytes of data")]
    private static partial void LogCopied(ILogger logger, string serverId, string target, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: the move from {Source} to {Target} failed and is called off")]
    private static partial void LogMoveFailed(ILogger logger, Exception exception, string serverId, string source, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: what it had on its old host {Source} was not removed yet ({Reason})")]
    private static partial void LogSourceLeftovers(ILogger logger, string serverId, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: what the failed move made on host {Target} was not removed yet ({Reason})")]
    private static partial void LogTargetLeftovers(ILogger logger, string serverId, string target, string reason);
}
