namespace Gsp.Proxy.Tests.Support;

/// <summary>
/// Waits for state the proxy exposes only as counters (held clients, sessions). Polls briefly instead of
/// sleeping a fixed time: it returns as soon as the condition holds and fails loudly after a generous limit.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
