using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Gsp.GameServers;

/// <summary>
/// Reads a sidecar proxy's activity from its admin port, which is published on the host's loopback only.
/// A proxy that does not answer yields null: the idle check then relies on CPU alone and says so.
/// </summary>
public sealed partial class ProxyActivityClient(ILogger<ProxyActivityClient> logger) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    private readonly HttpClient http = new() { Timeout = RequestTimeout };

    public async Task<ActivitySnapshot?> GetAsync(int adminHostPort, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{adminHostPort}/activity");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync(SidecarJsonContext.Default.ActivitySnapshot, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            LogUnreachable(logger, adminHostPort, ex.Message);
            return null;
        }
    }

    public void Dispose() => http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy admin port {Port} did not answer: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, int port, string reason);
}
