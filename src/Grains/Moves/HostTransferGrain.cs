using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Gsp.Containers;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Placement;
using Gsp.Time;
using Orleans.Concurrency;
using Microsoft.Extensions.Options;

namespace Gsp.Moves;

/// <inheritdoc cref="IHostTransferGrain"/>
/// <remarks>
/// Reentrant: moves of different servers to and from one host run side by side, each at its own awaits. What it
/// keeps is in memory only (receives under way, removals being retried); a silo restart loses it, and the host's
/// orphan sweep then removes the containers of a server that lives on another host.
/// </remarks>
[HostPlacement]
[Reentrant]
public sealed partial class HostTransferGrain(
    IContainerRuntime containers,
    ServerSpecs specs,
    IHostIdentity hostIdentity,
    IOptions<GameServerOptions> options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    ILogger<HostTransferGrain> logger) : Grain, IHostTransferGrain
{
    /// <summary>One chunk of a copy: large enough that a world of gigabytes is a few thousand messages, small enough to stay off the LOH.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Chunks one call fetches from the source host: what one copy holds in flight (512 KiB).</summary>
    private const int ChunksPerCall = 8;

    /// <summary>Bytes the copy buffers between the source's chunks and the engine's upload before it waits for the engine.</summary>
    private const long PipeBytes = 4 * ChunkBytes;

    /// <summary>
    /// Moves this host receives at once; more wait their turn (a drain of a full host asks for all of its servers
    /// together), so the engine and the network copy a few worlds at full speed rather than hundreds at a crawl.
    /// </summary>
    private const int ConcurrentReceives = 4;

    private readonly SemaphoreSlim receiving = new(ConcurrentReceives);

    private static readonly TimeSpan FirstCleanupDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxCleanupDelay = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Receive> receives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cleanup> cleanups = new(StringComparer.Ordinal);

    private TimeSpan StepTimeout => options.Value.ActionStepTimeout;

    public async IAsyncEnumerable<byte[]> ReadDataAsync(string serverId, string dataPath)
    {
        using var stall = new Stall(StepTimeout, time, CancellationToken.None);
        await using var archive = await containers.ReadArchiveAsync(new ServerResources(serverId).GameContainer, dataPath, stall.Next());
        var buffer = new byte[ChunkBytes];
        while (true)
        {
            int read;
            try
            {
                read = await archive.ReadAsync(buffer, stall.Next());
            }
            catch (OperationCanceledException) when (stall.Fired)
            {
                throw new ContainerRuntimeException($"the engine of host {hostIdentity.Name} sent no data for {StepTimeout}");
            }

            if (read == 0)
            {
                yield break;
            }

            yield return buffer.AsSpan(0, read).ToArray();
        }
    }

    public async Task<long> ReceiveAsync(ServerMovePlan plan)
    {
        await CancelReceiveAsync(plan.ServerId);
        StopCleanup(plan.ServerId);
        var receive = new Receive();
        receives[plan.ServerId] = receive;
        try
        {
            receive.Work = ReceiveCoreAsync(plan, receive.Cancel.Token);
            return await receive.Work;
        }
        finally
        {
            if (receives.GetValueOrDefault(plan.ServerId) == receive)
            {
                receives.Remove(plan.ServerId);
            }

            receive.Cancel.Dispose();
        }
    }

    private async Task<long> ReceiveCoreAsync(ServerMovePlan plan, CancellationToken cancelled)
    {
        var resources = new ServerResources(plan.ServerId);
        var labels = specs.Labels(plan.ServerId, plan.OwnerId, hostIdentity.Name);
        var proxy = specs.ProxySpec(labels, plan.Game, plan.PublicPort, plan.KnownGame);
        await receiving.WaitAsync(cancelled);
        using var turn = new Turn(receiving);
        using var stall = new Stall(StepTimeout, time, cancelled);
        try
        {
            // A pull counts as progress while the engine reports some.
            var pulling = new SynchronousProgress<ImagePullProgress>(_ => stall.Next());
            await containers.EnsureImageAsync(proxy.Image, pulling, stall.Next());
            await containers.EnsureImageAsync(plan.Game.Image, pulling, stall.Next());
            await containers.EnsureNetworkAsync(new NetworkSpec(resources.Network, ServerResources.Labels(labels, "network")), stall.Next());
            await containers.EnsureVolumeAsync(resources.DataVolume, ServerResources.Labels(labels, "data"), stall.Next());
            await containers.RemoveContainerAsync(resources.ProxyContainer, stall.Next());
            await containers.RemoveContainerAsync(resources.GameContainer, stall.Next());
            await containers.CreateContainerAsync(specs.GameSpec(labels, plan.Game, plan.Environment, plan.InternetAccess), stall.Next());
            var bytes = await CopyDataAsync(plan, resources, stall);
            await containers.CreateContainerAsync(proxy, stall.Next());
            await containers.StartContainerAsync(resources.ProxyContainer, stall.Next());
            return bytes;
        }
        catch (OperationCanceledException) when (stall.Fired)
        {
            throw new ContainerRuntimeException($"the engine of host {hostIdentity.Name} made no progress for {StepTimeout}");
        }
    }

    /// <summary>
    /// Streams the source's tar into the stopped game container's data folder: chunks fetched from the source host
    /// a few at a time go through a small pipe to the engine's upload, so neither side ever holds the whole world.
    /// </summary>
    private async Task<long> CopyDataAsync(ServerMovePlan plan, ServerResources resources, Stall stall)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeBytes, resumeWriterThreshold: PipeBytes / 2, useSynchronizationContext: false));
        var parent = Path.GetDirectoryName(plan.Game.DataPath.TrimEnd('/')) is { Length: > 0 } p ? p : "/";
        var upload = containers.WriteArchiveAsync(resources.GameContainer, parent, pipe.Reader.AsStream(), stall.Token);
        long bytes = 0;
        try
        {
            var source = GrainFactory.GetGrain<IHostTransferGrain>(plan.SourceHost);
            await foreach (var chunk in source.ReadDataAsync(plan.ServerId, plan.Game.DataPath).WithBatchSize(ChunksPerCall).WithCancellation(stall.Next()))
            {
                var written = await pipe.Writer.WriteAsync(chunk, stall.Next());
                bytes += chunk.Length;
                if (written.IsCompleted)
                {
                    break;
                }
            }

            await pipe.Writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await pipe.Writer.CompleteAsync(e);
            await Task.WhenAny(upload);
            throw;
        }

        await upload;
        return bytes;
    }

    public async Task<bool> RemoveServerAsync(string serverId)
    {
        await CancelReceiveAsync(serverId);
        try
        {
            await RemoveOnceAsync(serverId);
            LogRemoved(logger, serverId, hostIdentity.Name);

            // A request the engine held while it did not answer may still land: look once more, a little later.
            StartCleanup(serverId, cleanPasses: 1);
            return true;
        }
        catch (Exception e) when (e is ContainerRuntimeException or OperationCanceledException)
        {
            LogRemoveFailed(logger, serverId, hostIdentity.Name, e.Message);
            StartCleanup(serverId, cleanPasses: 0);
            return false;
        }
    }

    private async Task RemoveOnceAsync(string serverId)
    {
        var resources = new ServerResources(serverId);
        using var stall = new Stall(StepTimeout, time, CancellationToken.None);
        await containers.RemoveContainerAsync(resources.GameContainer, stall.Next());
        await containers.RemoveContainerAsync(resources.ProxyContainer, stall.Next());
        await containers.RemoveNetworkAsync(resources.Network, stall.Next());
        await containers.RemoveVolumeAsync(resources.DataVolume, stall.Next());
    }

    /// <summary>Cancels a receive of the server under way here and waits for it to end.</summary>
    private async Task CancelReceiveAsync(string serverId)
    {
        if (receives.Remove(serverId, out var running))
        {
            await running.Cancel.CancelAsync();
            if (running.Work is { } work)
            {
                await Task.WhenAny(work);
            }
        }
    }

    /// <summary>Retries the removal with a doubling delay until it succeeds, then checks once more (two clean passes in all).</summary>
    private void StartCleanup(string serverId, int cleanPasses)
    {
        StopCleanup(serverId);
        var cleanup = new Cleanup { CleanPasses = cleanPasses, Delay = FirstCleanupDelay };
        cleanup.Timer = this.RegisterGrainTimer(
            (state, _) => CleanupTickAsync(serverId, state),
            cleanup,
            new GrainTimerCreationOptions(FirstCleanupDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        cleanups[serverId] = cleanup;
    }

    private async Task CleanupTickAsync(string serverId, Cleanup cleanup)
    {
        if (cleanups.GetValueOrDefault(serverId) != cleanup)
        {
            return;
        }

        try
        {
            await RemoveOnceAsync(serverId);
            cleanup.CleanPasses++;
        }
        catch (Exception e) when (e is ContainerRuntimeException or OperationCanceledException)
        {
            cleanup.CleanPasses = 0;
            cleanup.Delay = cleanup.Delay * 2 > MaxCleanupDelay ? MaxCleanupDelay : cleanup.Delay * 2;
            LogRemoveFailed(logger, serverId, hostIdentity.Name, e.Message);
        }

        if (cleanup.CleanPasses >= 2)
        {
            LogRemoved(logger, serverId, hostIdentity.Name);
            StopCleanup(serverId);
            return;
        }

        cleanup.Timer?.Change(cleanup.Delay, Timeout.InfiniteTimeSpan);
    }

    private void StopCleanup(string serverId)
    {
        if (cleanups.Remove(serverId, out var cleanup))
        {
            cleanup.Timer?.Dispose();
        }
    }

    private sealed class Turn(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }

    private sealed class Receive
    {
        public CancellationTokenSource Cancel { get; } = new();

        public Task<long>? Work { get; set; }
    }

    private sealed class Cleanup
    {
        public int CleanPasses { get; set; }

        public TimeSpan Delay { get; set; }

        public IGrainTimer? Timer { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Server {ServerId}: its containers, network and data removed from host {Host}")]
    private static partial void LogRemoved(ILogger logger, string serverId, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server {ServerId}: removing what it has on host {Host} failed ({Reason}); retrying")]
    private static partial void LogRemoveFailed(ILogger logger, string serverId, string host, string reason);
}
