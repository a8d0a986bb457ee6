using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gsp.Proxy.Diagnostics;

namespace Gsp.Proxy.Admin;

/// <summary>
/// A deliberately tiny HTTP/1.1 server (one request per connection, <c>Connection: close</c>) for
/// <c>GET /healthz</c> and <c>GET /activity</c>. Hand-written because Kestrel would triple the binary size
/// and HttpListener is not meant for NativeAOT; two GET routes need neither.
/// </summary>
internal sealed class AdminServer : IDisposable
{
    /// <summary>Requests are a request line plus a few headers; anything bigger is not a client of ours.</summary>
    private const int MaxRequestBytes = 8 * 1024;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket listener;
    private readonly ProxyActivity activity;
    private readonly byte[] expectedAuthorization;
    private readonly ProxyLog log;
    private readonly Action? activityRead;

    /// <param name="activityRead">Called on each authorized <c>/activity</c> read: the platform wants the player count,
    /// so a player query backed off while the game did not answer asks again at once.</param>
    public AdminServer(IPEndPoint endpoint, ProxyActivity activity, string token, ProxyLog log, Action? activityRead = null)
    {
        this.activity = activity;
        this.activityRead = activityRead;
        this.log = log;
        expectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + token);
        listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endpoint);
        listener.Listen(64);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                log.Warn($"admin accept failed: {ex.SocketErrorCode}");
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    public void Dispose() => listener.Dispose();

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            var request = await ReadHeadAsync(client, timeout.Token);
            var (status, contentType, body) = request is null ? (400, "text/plain", "bad request") : Route(request);
            var bodyBytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n"
                + (status == 401 ? "WWW-Authenticate: Bearer\r\n" : "") + "\r\n";
            await client.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None, timeout.Token);
            await client.SendAsync(bodyBytes, SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private (int Status, string ContentType, string Body) Route(AdminRequest request) => (request.Method, request.Path) switch
    {
        ("GET", "/healthz") => (200, "text/plain", "ok"),
        ("GET", "/activity") when IsAuthorized(request.Authorization) => ReadActivity(),
        ("GET", "/activity") => (401, "text/plain", "unauthorized"),
        (_, "/healthz" or "/activity") => (405, "text/plain", "method not allowed"),
        _ => (404, "text/plain", "not found"),
    };

    private (int Status, string ContentType, string Body) ReadActivity()
    {
        activityRead?.Invoke();
        return (200, "application/json", JsonSerializer.Serialize(activity.Snapshot(), SidecarJsonContext.Default.ActivitySnapshot));
    }

    private bool IsAuthorized(string? authorization) =>
        authorization is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization), expectedAuthorization);

    private static async Task<AdminRequest?> ReadHeadAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return AdminRequest.Parse(Encoding.ASCII.GetString(buffer, 0, end));
            }
        }

        return null;
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
}
