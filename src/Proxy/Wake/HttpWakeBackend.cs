using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gsp.Proxy.Wake;

/// <summary><c>POST {WAKE_URL}</c> with <c>Authorization: Bearer</c> and <c>{"serverId":"…"}</c>.</summary>
internal sealed class HttpWakeBackend(HttpClient client, Uri wakeUrl, string serverId, string token) : IWakeBackend
{
    /// <summary>A backend slower than this counts as unavailable; the retry loop then tries again.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly byte[] body = BuildBody(serverId);

    public async Task<WakeResponse> RequestWakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, wakeUrl)
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var detail = status >= 400 ? ReadError(await response.Content.ReadAsStringAsync(timeout.Token)) : null;
            return WakeResponse.FromStatus(status, detail);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return WakeResponse.Unreachable(ex is OperationCanceledException ? "timed out" : ex.Message);
        }
    }

    private static byte[] BuildBody(string serverId)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("serverId", serverId);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    // The backend explains refusals as {"error":"…"}; anything else is logged verbatim, shortened.
    private static string? ReadError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }
        }
        catch (JsonException)
        {
        }

        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : Encoding.UTF8.GetByteCount(trimmed) > 200 ? trimmed[..200] : trimmed;
    }
}
