namespace Gsp.Proxy.Configuration;

/// <summary>Outcome of reading the environment: either options or a one-line error naming the variable.</summary>
public sealed record ProxyOptionsResult(ProxyOptions? Options, string? Error)
{
    public static ProxyOptionsResult Ok(ProxyOptions options) => new(options, null);

    public static ProxyOptionsResult Fail(string error) => new(null, error);
}
