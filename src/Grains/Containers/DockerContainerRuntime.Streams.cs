using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Gsp.Containers;

public sealed partial class DockerContainerRuntime
{
    private const int LogBufferBytes = 16 * 1024;

    // When the engine's non-one-shot sample comes without a previous CPU reading, a second sample this
    // much later gives the CPU delta; long enough that one scheduler tick of noise does not dominate.
    private static readonly TimeSpan StatsResampleInterval = TimeSpan.FromMilliseconds(500);

    // The events the platform acts on; exec_*, attach, resize and the like are noise to it.
    private static readonly string[] LifecycleEvents = ["create", "start", "restart", "stop", "kill", "die", "oom", "destroy", "pause", "unpause"];

    public Task EnsureImageAsync(string image, IProgress<ImagePullProgress>? progress, CancellationToken cancellationToken) =>
        InvokeAsync($"pull image {image}", async ct =>
        {
            if (await ImageExistsAsync(image, ct))
            {
                return;
            }

            // The engine answers a pull with 200 and then reports failures inside the progress stream
            // (an "error" message), so a failed pull does not throw by itself.
            string? failure = null;
            var reporter = new SynchronousProgress<JSONMessage>(message =>
            {
                if ((message.Error?.Message ?? message.ErrorMessage) is { Length: > 0 } error)
                {
                    failure ??= error;
                    return;
                }

                progress?.Report(new ImagePullProgress(
                    message.Status ?? "",
                    message.ID,
                    message.Progress?.Current > 0 ? message.Progress.Current : null,
                    message.Progress?.Total > 0 ? message.Progress.Total : null));
            });

            LogImagePullStarted(image);
            var (repository, tag) = SplitReference(image);
            await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, null, reporter, ct);
            if (failure is not null)
            {
                throw new ContainerRuntimeException($"cannot pull image {image}: {OneLine(failure)}");
            }

            LogImagePulled(image);
        }, cancellationToken, Timeout.InfiniteTimeSpan);

    public Task<ContainerStats?> GetStatsAsync(string name, CancellationToken cancellationToken) =>
        InvokeAsync($"read stats of container {name}", async ct =>
        {
            try
            {
                if (!(await _client.Containers.InspectContainerAsync(name, ct)).State.Running)
                {
                    return null;
                }

                // Not one-shot: the engine then takes two readings itself and fills precpu_stats.
                if (await SampleStatsAsync(name, oneShot: false, ct) is not { } sample)
                {
                    return null;
                }

                var previous = sample.PreCPUStats;
                if (previous is not { SystemUsage: > 0 })
                {
                    previous = sample.CPUStats;
                    await Task.Delay(StatsResampleInterval, _time, ct);
                    if (await SampleStatsAsync(name, oneShot: true, ct) is not { } later)
                    {
                        return null;
                    }

                    sample = later;
                }

                return DockerMapping.ToStats(sample, previous, _time.GetUtcNow());
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    public async IAsyncEnumerable<ContainerLogLine> ReadLogsAsync(string name, int tail, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A container that does not exist has no lines; ending is what a reader of "the last lines" expects.
        if (await OpenLogsAsync(name, tail, follow, cancellationToken) is not { } stream)
        {
            yield break;
        }

        using var _ = stream;

        // Docker.DotNet's streams do not all observe the token inside a read; closing the stream does.
        await using var closeOnCancel = cancellationToken.Register(static s => ((MultiplexedStream)s!).Dispose(), stream);
        var decoder = new DockerLogDecoder(_time);
        var lines = new List<ContainerLogLine>();
        var buffer = ArrayPool<byte>.Shared.Rent(LogBufferBytes);
        try
        {
            while (await ReadLogChunkAsync(name, stream, buffer, cancellationToken) is { } chunk)
            {
                decoder.Decode(chunk.Target == MultiplexedStream.TargetStream.StandardError, buffer.AsSpan(0, chunk.Count), lines);
                foreach (var line in lines)
                {
                    yield return line;
                }

                lines.Clear();
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                decoder.Flush(lines);
                foreach (var line in lines)
                {
                    yield return line;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async IAsyncEnumerable<ContainerEvent> WatchEventsAsync(IReadOnlyDictionary<string, string> labels, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The progress callback is Docker.DotNet's only way to hand out events; the channel turns its
        // pushes into the pulls of an async enumeration.
        var channel = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["type"] = new Dictionary<string, bool> { ["container"] = true },
            ["event"] = LifecycleEvents.ToDictionary(e => e, _ => true),
        };
        if (labels.Count > 0)
        {
            filters["label"] = LabelFilter(labels);
        }

        // Since the start of the watch: the subscription reaches the engine a moment after the caller
        // starts enumerating, and an event in that moment (a crash right after a start) must not be lost.
        var since = _time.GetUtcNow().ToUnixTimeSeconds();
        var pump = PumpEventsAsync(new ContainerEventsParameters { Filters = filters, Since = since.ToString(System.Globalization.CultureInfo.InvariantCulture) }, channel.Writer, stop.Token);
        try
        {
            while (await WaitForEventsAsync(channel.Reader, cancellationToken))
            {
                while (channel.Reader.TryRead(out var message))
                {
                    yield return DockerMapping.ToEvent(message);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    private async Task<ContainerStatsResponse?> SampleStatsAsync(string name, bool oneShot, CancellationToken ct)
    {
        ContainerStatsResponse? sample = null;
        await _client.Containers.GetContainerStatsAsync(
            name,
            new ContainerStatsParameters { Stream = false, OneShot = oneShot ? true : null },
            new SynchronousProgress<ContainerStatsResponse>(s => sample = s),
            ct);

        // A container that stopped after the inspect answers with an all-zero sample.
        return sample?.CPUStats is { SystemUsage: > 0 } ? sample : null;
    }

    private Task<MultiplexedStream?> OpenLogsAsync(string name, int tail, bool follow, CancellationToken cancellationToken) =>
        InvokeAsync($"read logs of container {name}", async ct =>
        {
            try
            {
                // A TTY container's output is one raw stream, not the multiplexed frames of the others.
                var container = await _client.Containers.InspectContainerAsync(name, ct);
                return await _client.Containers.GetContainerLogsAsync(name, container.Config.Tty, new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Timestamps = true,
                    Follow = follow,
                    Tail = tail < 0 ? "all" : tail.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }, ct);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The next chunk, or null at the end: the container stopped (when following) or the caller cancelled.</summary>
    private async Task<MultiplexedStream.ReadResult?> ReadLogChunkAsync(string name, MultiplexedStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            var chunk = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            return chunk.EOF ? null : chunk;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelling closes the stream under the read; whatever that throws means "stop".
            return null;
        }
        catch (Exception e) when (Translate($"read logs of container {name}", e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private async Task PumpEventsAsync(ContainerEventsParameters parameters, ChannelWriter<Message> writer, CancellationToken stop)
    {
        try
        {
            await _client.System.MonitorEventsAsync(parameters, new SynchronousProgress<Message>(m => writer.TryWrite(m)), stop);
            LogEventStreamEnded();
            writer.TryComplete();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(Translate("watch events", e, stop) ?? e);
        }
    }

    /// <summary>Whether events are waiting; false when the stream ended or the caller cancelled, which ends the watch quietly.</summary>
    private static async Task<bool> WaitForEventsAsync(ChannelReader<Message> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Splits a reference into what the engine's pull takes apart: repository and tag (or digest).
    /// An empty tag would make the engine pull every tag of the repository.
    /// </summary>
    private static (string Repository, string Tag) SplitReference(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
