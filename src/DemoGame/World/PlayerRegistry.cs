namespace Gsp.DemoGame.World;

/// <summary>
/// Counts online players for status replies, A2S_INFO and the status log. Every TCP connection that is not
/// a status ping counts, so tests (and the platform's idle detection) can raise the count with plain sockets.
/// </summary>
public sealed class PlayerRegistry
{
    private int _online;

    public int Online => Volatile.Read(ref _online);

    /// <summary>Counts one player until the returned lease is disposed; disposing twice is harmless.</summary>
    public IDisposable Join()
    {
        Interlocked.Increment(ref _online);
        return new Lease(this);
    }

    private sealed class Lease(PlayerRegistry registry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref registry._online);
            }
        }
    }
}
