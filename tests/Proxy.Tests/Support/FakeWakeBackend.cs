using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gsp.Proxy.Tests.Support;

/// <summary>
/// A wake webhook on 127.0.0.1 that answers with scripted statuses and records every request.
/// TcpListener-based so it can take an ephemeral port without the HttpListener prefix dance.
/// </summary>
public sealed class FakeWakeBackend : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, (int Status, string Body)> respond;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private int count;

    /// <param name="respond">Given the 1-based request number, the status and body to answer.</param>
    public FakeWakeBackend(Func<int, (int Status, string Body)> respond)
    {
        this.respond = respond;
        listener.Start();
        loop = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/api/webhook/wake");

    public int RequestCount => Volatile.Read(ref count);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Given the 1-based request number, extra header lines for the answer (e.g. <c>Retry-After: 2</c>), or null.</summary>
    public Func<int, string?>? ExtraHeaders { get; init; }

    /// <summary>Fires on each request, after it is recorded and before it is answered.</summary>
    public event Action<int>? RequestReceived;

    public static FakeWakeBackend Always(int status, string body = "") => new(_ => (status, body));

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var requestLine = await reader.ReadLineAsync();
        if (requestLine is null)
        {
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value) : 0;
        var body = new char[length];
        var read = 0;
        while (read < length)
        {
            read += await reader.ReadAsync(body.AsMemory(read));
        }

        var number = Interlocked.Increment(ref count);
        Requests.Enqueue(new RecordedRequest(requestLine, headers, new string(body)));
        RequestReceived?.Invoke(number);
        var (status, responseBody) = respond(number);
        var bytes = Encoding.UTF8.GetBytes(responseBody);
        var extra = ExtraHeaders?.Invoke(number) is { } lines ? lines + "\r\n" : "";
        var head = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n{extra}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
    }

    public sealed record RecordedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body);
}
