namespace Gsp.Tests.Infrastructure;

/// <summary>
/// Waits for an outcome that arrives by itself (a reminder tick, a container event, a counter the
/// proxy exposes) where the test has no signal to await. Polls instead of sleeping a fixed time: it
/// returns as soon as the condition holds and fails loudly when the time is up.
/// </summary>
/// <remarks>
/// Two shapes: <see cref="ValueAsync{T}"/> reads a value (a grain call, a container inspect) every
/// 200 ms and fails with the last value seen; <see cref="TrueAsync"/> checks an in-process condition
/// (a counter) every 5 ms, cheap enough to notice a short-lived state, and fails naming what it awaited.
/// </remarks>
public static class Eventually
{
    /// <summary>The limit of <see cref="TrueAsync"/> when the test names none: generous for a loaded machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan ConditionInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Reads until <paramref name="done"/> holds for the value read; returns it, or throws <see cref="TimeoutException"/>.
    /// Reads every 200 ms, or every <paramref name="every"/> to catch a short-lived state.
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {within}; last value: {Describe(value)}");
            }

            await Task.Delay(every ?? ReadInterval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails the test with "timed out waiting for: <paramref name="what"/>".</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(ConditionInterval);
        }
    }

    private static string Describe<T>(T value) =>
        value is System.Collections.IEnumerable items and not string
            ? "[" + string.Join(", ", items.Cast<object?>()) + "]"
            : value?.ToString() ?? "null";
}
