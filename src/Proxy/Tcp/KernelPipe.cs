using System.Collections.Concurrent;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// A pipe used as the kernel-side buffer of one relay direction while it is moving bytes. Rented from a small
/// pool and returned empty when the direction goes idle, so an idle connection holds no pipe (and no
/// descriptors); pipe pages exist only while bytes are in flight.
/// </summary>
internal sealed class KernelPipe
{
    /// <summary>Bytes one splice pair moves at most. Larger than a socket read buffer so bulk transfers take fewer syscalls.</summary>
    public const int Capacity = 256 * 1024;

    /// <summary>Pipes kept for reuse: enough for the busy relays of one game server; extra ones are closed.</summary>
    private const int PoolLimit = 64;

    private static readonly ConcurrentBag<KernelPipe> Pool = [];
    private static int pooled;

    private KernelPipe(LinuxSplice.PipeEnds ends)
    {
        ReadEnd = ends.Read;
        WriteEnd = ends.Write;
    }

    public int ReadEnd { get; }

    public int WriteEnd { get; }

    /// <summary>Bytes spliced in but not yet out. Must be 0 when the pipe goes back to the pool.</summary>
    public int Buffered { get; set; }

    public static KernelPipe? Rent()
    {
        if (Pool.TryTake(out var pipe))
        {
            Interlocked.Decrement(ref pooled);
            return pipe;
        }

        return LinuxSplice.TryCreatePipe(Capacity, out var ends) ? new KernelPipe(ends) : null;
    }

    /// <summary>Returns an empty pipe to the pool; a pipe with bytes left in it (an aborted relay) is closed instead.</summary>
    public void Return()
    {
        if (Buffered == 0 && Interlocked.Increment(ref pooled) <= PoolLimit)
        {
            Pool.Add(this);
            return;
        }

        if (Buffered == 0)
        {
            Interlocked.Decrement(ref pooled);
        }

        LinuxSplice.Close(ReadEnd);
        LinuxSplice.Close(WriteEnd);
    }
}
