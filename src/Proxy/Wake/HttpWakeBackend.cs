using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Gsp.Proxy.Wake;

/// <summary><c>POST {WAKE_URL}</c> with <c>Authorization: Bearer</c> and a <see cref="WakeRequest"/>.</summary>
internal sealed class HttpWakeBackend(HttpClient client, Uri wakeUrl, string serverId, string token) : IWakeBackend
{
    /// <summary>A backend slower than this counts as unavailable; the retry loop then tries again.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest reason kept from an answer: it ends up in a log line and a Minecraft Disconnect.</summary>
    private const int MaxDetailChars = 200;

    private readonly byte[] body = JsonSerializer.SerializeToUtf8Bytes(new WakeRequest(serverId), SidecarJsonContext.Default.WakeRequest);

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
            if (status < 400)
            {
                return WakeResponse.FromStatus(status, null);
            }

            var (detail, explained) = ReadError(await response.Content.ReadAsStringAsync(timeout.Token));
            return WakeResponse.FromStatus(status, detail, explained, RetryAfter(response.Headers.RetryAfter));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return WakeResponse.Unreachable(ex is OperationCanceledException ? "timed out" : ex.Message);
        }
    }

    // The webhook sends seconds; an HTTP date (which only a foreign server would send) counts as none.
    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta is { } delta && delta > TimeSpan.Zero ? delta : null;

    // The platform explains refusals as a WakeAnswer; anything else is kept verbatim, shortened, for the log.
    private static (string? Detail, bool Explained) ReadError(string text)
    {
        try
        {
            if (JsonSerializer.Deserialize(text, SidecarJsonContext.Default.WakeAnswer) is { Error: { Length: > 0 } error })
            {
                return (Shorten(error), true);
            }
        }
        catch (JsonException)
        {
        }

        var trimmed = text.Trim();
        return (trimmed.Length == 0 ? null : Shorten(trimmed), false);
    }

    private static string Shorten(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, MaxDetailChars));
        foreach (var c in text)
        {
            if (clean.Length == MaxDetailChars)
            {
                break;
            }

            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString();
    }
}
