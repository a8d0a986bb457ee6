using System.Runtime.InteropServices;

namespace Gsp.Proxy.Udp;

/// <summary>
/// The libc calls one reply loop needs to wait on every session's game socket at once. Blittable
/// <c>DllImport</c>s like <c>Tcp/LinuxSplice</c>. <c>struct epoll_event</c> is packed on x86-64 (12 bytes) and
/// naturally aligned elsewhere (16), so events are read from a byte buffer at <see cref="EventSize"/> strides.
/// </summary>
internal static class LinuxEpoll
{
    private const string Libc = "libc";

    public const uint In = 0x001;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    public const int Add = 1;
    public const int Delete = 2;

    public const int EINTR = 4;

    private const int CloseOnExec = 0x80000;
    private const int NonBlock = 0x800;

    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [DllImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    private static extern int Create1(int flags);

    [DllImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    private static extern int Control(int epfd, int op, int fd, ref byte ev);

    [DllImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    private static extern int Wait(int epfd, ref byte events, int maxEvents, int timeoutMs);

    [DllImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    private static extern int EventFd(uint initial, int flags);

    [DllImport(Libc, EntryPoint = "write", SetLastError = true)]
    private static extern nint Write(int fd, ref ulong value, nuint count);

    [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary>A new epoll descriptor, or -1 with <see cref="Marshal.GetLastPInvokeError"/> set.</summary>
    public static int Create() => Create1(CloseOnExec);

    /// <summary>A non-blocking eventfd that <see cref="Signal"/> makes readable, to wake a waiting loop; -1 on failure.</summary>
    public static int CreateSignal() => EventFd(0, CloseOnExec | NonBlock);

    public static void Signal(int eventFd)
    {
        var one = 1UL;
        Write(eventFd, ref one, sizeof(ulong));
    }

    /// <summary>Watches <paramref name="fd"/> for <paramref name="events"/>, reported with <paramref name="data"/>; 0 or -1.</summary>
    public static int Watch(int epfd, int fd, uint events, ulong data)
    {
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        MemoryMarshal.Write(ev, in events);
        MemoryMarshal.Write(ev[DataOffset..], in data);
        return Control(epfd, Add, fd, ref MemoryMarshal.GetReference(ev));
    }

    public static int Unwatch(int epfd, int fd)
    {
        // Kernels before 2.6.9 required a non-null event even for DEL.
        Span<byte> ev = stackalloc byte[16];
        ev.Clear();
        return Control(epfd, Delete, fd, ref MemoryMarshal.GetReference(ev));
    }

    /// <summary>Waits for events into <paramref name="events"/> (a multiple of <see cref="EventSize"/>); count or -1.</summary>
    public static int Wait(int epfd, Span<byte> events, int timeoutMs) =>
        Wait(epfd, ref MemoryMarshal.GetReference(events), events.Length / EventSize, timeoutMs);

    public static uint EventsAt(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<uint>(events[(index * EventSize)..]);

    public static ulong DataAt(ReadOnlySpan<byte> events, int index) => MemoryMarshal.Read<ulong>(events[(index * EventSize + DataOffset)..]);
}
