namespace Gsp.Proxy.Admin;

/// <summary>The parts of an HTTP request head the admin routes look at.</summary>
internal sealed record AdminRequest(string Method, string Path, string? Authorization)
{
    public static AdminRequest? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        string? authorization = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = line[(colon + 1)..].Trim();
            }
        }

        var path = requestLine[1];
        var query = path.IndexOf('?');
        return new AdminRequest(requestLine[0], query >= 0 ? path[..query] : path, authorization);
    }
}
