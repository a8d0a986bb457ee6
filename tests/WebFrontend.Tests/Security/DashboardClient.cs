using System.Net;
using System.Text.RegularExpressions;

namespace Gsp.WebFrontend.Tests.Security;

/// <summary>
/// A browser-like HTTP client that keeps its cookies itself (by name, for every host), so a session made
/// on one dashboard can be presented to another, and that reads antiforgery tokens from forms.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    public async Task<(HttpStatusCode Status, string Body, string? Location)> GetAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostFormAsync(string url, string token, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", token)]),
        };
        return await SendAsync(request);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string FormToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on the page:\n" + html);

    /// <summary>Signs in with the development login through the given base URL; returns the response to the form post.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> DevelopmentLoginAsync(string formBaseUrl, string postBaseUrl, string email)
    {
        var page = await GetAsync(formBaseUrl + "/login");
        return await PostFormAsync(postBaseUrl + "/login?handler=Development", FormToken(page.Body), ("email", email), ("returnUrl", "/servers"));
    }

    public void Dispose() => http.Dispose();

    private async Task<(HttpStatusCode Status, string Body, string? Location)> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        using var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0].Split('=', 2);
                Cookies[pair[0]] = pair[1];
            }
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
