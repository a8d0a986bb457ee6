using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;

namespace Gsp.Containers;

public sealed partial class DockerContainerRuntime
{
    // How long one request may take before the engine counts as unreachable; Docker.DotNet's own
    // default. A healthy engine answers in milliseconds, so this only ever fires on a wedged one.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    private Task InvokeAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken, TimeSpan extraTime = default) =>
        InvokeAsync<object?>(operation, async ct =>
        {
            await call(ct);
            return null;
        }, cancellationToken, extraTime);

    /// <summary>
    /// Runs one engine call under a deadline of <see cref="RequestTimeout"/> plus
    /// <paramref name="extraTime"/> (what the call itself legitimately waits, like a stop's grace; an
    /// infinite one for pulls, whose length depends on the image), and turns whatever Docker.DotNet
    /// throws into the runtime's two exception types.
    /// </summary>
    private async Task<T> InvokeAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan extraTime = default)
    {
        var limit = extraTime == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : RequestTimeout + extraTime;
        using var deadline = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await call(linked.Token);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable($"no answer within {limit.TotalSeconds:0} s", e);
        }
        catch (Exception e) when (Translate(operation, e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The runtime's exception for what Docker.DotNet threw, or null when it should propagate as is
    /// (the caller's own cancellation, and exceptions that are already the runtime's).
    /// </summary>
    private ContainerRuntimeException? Translate(string operation, Exception e, CancellationToken cancellationToken) => e switch
    {
        ContainerRuntimeException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        DockerApiException api => new ContainerRuntimeException($"cannot {operation}: {EngineMessage(api)}", api),

        // Docker.DotNet wraps a failed connect in HttpRequestException("Connection failed"), and a
        // connection the engine drops mid-stream surfaces as IOException; both mean "not there".
        HttpRequestException or SocketException or IOException or TimeoutException or OperationCanceledException => Unavailable(Reason(e), e),
        _ => null,
    };

    private ContainerRuntimeUnavailableException Unavailable(string reason, Exception inner) =>
        new($"cannot reach the Docker engine at {_endpoint}: {reason}", inner);

    /// <summary>
    /// The innermost socket error says the most ("Connection refused"), except for a socket file that
    /// is not there: Docker.DotNet's own Unix endpoint type makes the OS's ENOENT surface as "Cannot
    /// assign requested address", which sends a reader looking in the wrong place.
    /// </summary>
    private string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                var endpoint = new Uri(_endpoint);
                return endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath)
                    ? $"no socket at {endpoint.LocalPath}"
                    : OneLine(socket.Message);
            }
        }

        return OneLine(e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message);
    }

    /// <summary>The engine's error body is <c>{"message": "..."}</c>; its message is what a person needs to read.</summary>
    private static string EngineMessage(DockerApiException e)
    {
        if (!string.IsNullOrWhiteSpace(e.ResponseBody))
        {
            try
            {
                using var body = JsonDocument.Parse(e.ResponseBody);
                if (body.RootElement.ValueKind == JsonValueKind.Object
                    && body.RootElement.TryGetProperty("message", out var message)
                    && message.GetString() is { Length: > 0 } text)
                {
                    return OneLine(text);
                }
            }
            catch (JsonException)
            {
            }

            return OneLine(e.ResponseBody);
        }

        return $"the engine answered {(int)e.StatusCode} {e.StatusCode}";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
