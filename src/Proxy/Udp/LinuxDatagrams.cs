using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gsp.Proxy.Udp;

/// <summary>
/// <c>recvmmsg</c>/<c>sendmmsg</c>: many datagrams per system call, the relay's main cost at tens of thousands of
/// datagrams a second. Blittable <c>DllImport</c>s over pinned arrays (no unsafe code, nothing for NativeAOT to
/// marshal). The structs follow the LP64 layout of glibc and musl on x86-64 and arm64.
/// </summary>
internal static class LinuxDatagrams
{
    private const string Libc = "libc";

    /// <summary>Do not block (the call returns what is queued, or EAGAIN).</summary>
    public const int DontWait = 0x40;

    /// <summary>recvmmsg: block for the first datagram only, then take what is queued.</summary>
    public const int WaitForOne = 0x10000;

    /// <summary>Room for any socket address (<c>sizeof(struct sockaddr_storage)</c>).</summary>
    public const int NameBytes = 128;

    public const int EINTR = 4;
    public const int EAGAIN = 11;

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public nint Base;
        public nuint Length;
    }

    /// <summary><c>struct mmsghdr</c>: a <c>struct msghdr</c> (56 bytes) and the byte count the kernel fills in.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct MessageHeader
    {
        [FieldOffset(0)] public nint Name;
        [FieldOffset(8)] public uint NameLength;
        [FieldOffset(16)] public nint Vectors;
        [FieldOffset(24)] public nuint VectorCount;
        [FieldOffset(32)] public nint Control;
        [FieldOffset(40)] public nuint ControlLength;
        [FieldOffset(48)] public int Flags;
        [FieldOffset(56)] public uint Length;
    }

    [DllImport(Libc, EntryPoint = "recvmmsg", SetLastError = true)]
    public static extern int ReceiveMessages(int fd, nint messages, uint count, int flags, nint timeout);

    [DllImport(Libc, EntryPoint = "sendmmsg", SetLastError = true)]
    public static extern int SendMessages(int fd, nint messages, uint count, int flags);

    /// <summary>The <see cref="SocketError"/> .NET would report for <paramref name="errno"/> on a UDP socket.</summary>
    public static SocketError ToSocketError(int errno) => errno switch
    {
        EAGAIN => SocketError.WouldBlock,
        EINTR => SocketError.Interrupted,
        105 => SocketError.NoBufferSpaceAvailable, // ENOBUFS
        111 => SocketError.ConnectionRefused, // ECONNREFUSED
        113 => SocketError.HostUnreachable, // EHOSTUNREACH
        101 => SocketError.NetworkUnreachable, // ENETUNREACH
        90 => SocketError.MessageSize, // EMSGSIZE
        9 => SocketError.OperationAborted, // EBADF: closed under us
        _ => SocketError.SocketError,
    };
}
