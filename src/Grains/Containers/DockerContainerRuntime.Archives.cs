using Docker.DotNet.Models;

namespace Gsp.Containers;

// Archives through the engine's /containers/{id}/archive endpoint. Docker.DotNet 3.125.15 streams both
// ways: the GET is sent with ResponseHeadersRead and hands back the connection's body stream, and the
// PUT wraps the caller's stream in a StreamContent without a length, which its HTTP connection writes
// in chunked encoding as it reads. So a world of many gigabytes never sits in memory here.
public sealed partial class DockerContainerRuntime
{
    public Task<Stream> ReadArchiveAsync(string name, string path, CancellationToken cancellationToken) =>
        InvokeAsync<Stream>($"read {path} of container {name}", async ct =>
        {
            var response = await _client.Containers.GetArchiveFromContainerAsync(name, new GetArchiveFromContainerParameters { Path = path }, statOnly: false, ct);
            LogArchiveRead(name, path);
            return new EngineReadStream(response.Stream, e => Translate($"read {path} of container {name}", e, CancellationToken.None));
        }, cancellationToken);

    public Task WriteArchiveAsync(string name, string directory, Stream archive, CancellationToken cancellationToken) =>
        InvokeAsync($"write an archive into {directory} of container {name}", async ct =>
        {
            await _client.Containers.ExtractArchiveToContainerAsync(name, new ContainerPathStatParameters { Path = directory }, archive, ct);
            LogArchiveWritten(name, directory);
        }, cancellationToken, Timeout.InfiniteTimeSpan);
}
