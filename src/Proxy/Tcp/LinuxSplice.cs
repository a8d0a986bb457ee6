using System.Runtime.InteropServices;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// The few libc calls the kernel-side relay needs. Plain blittable <c>DllImport</c>s: NativeAOT binds them
/// without runtime marshalling, and the project does not enable unsafe code for <c>LibraryImport</c>.
/// </summary>
internal static class LinuxSplice
{
    private const string Libc = "libc";

    /// <summary>Move pages instead of copying where the kernel can (a hint).</summary>
    public const uint Move = 1;

    /// <summary>Do not block on the pipe; sockets need <c>O_NONBLOCK</c> themselves, see <see cref="IsNonBlocking"/>.</summary>
    public const uint NonBlock = 2;

    /// <summary>Tell the sending socket more data follows (like MSG_MORE), so it can fill segments.</summary>
    public const uint More = 4;

    public const int EAGAIN = 11;
    public const int EINTR = 4;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;

    private const int F_GETFL = 3;
    private const int F_SETPIPE_SZ = 1031;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PipeEnds
    {
        public int Read;
        public int Write;
    }

    [DllImport(Libc, EntryPoint = "splice", SetLastError = true)]
    public static extern nint Splice(int fdIn, nint offIn, int fdOut, nint offOut, nuint length, uint flags);

    [DllImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, ref byte buffer, nuint count);

    [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    private static extern int Pipe2(out PipeEnds ends, int flags);

    [DllImport(Libc, EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int fd, int command, int argument);

    public static bool TryCreatePipe(int size, out PipeEnds ends)
    {
        if (Pipe2(out ends, O_CLOEXEC | O_NONBLOCK) != 0)
        {
            return false;
        }

        // Best effort: a larger pipe moves more per splice pair; the default (64 KiB) still works.
        _ = Fcntl(ends.Write, F_SETPIPE_SZ, size);
        return true;
    }

    /// <summary>splice(2) on a blocking socket would park a thread-pool thread; such sockets take the managed loop.</summary>
    public static bool IsNonBlocking(int fd)
    {
        var flags = Fcntl(fd, F_GETFL, 0);
        return flags >= 0 && (flags & O_NONBLOCK) != 0;
    }
}
