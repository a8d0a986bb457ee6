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

    /// <summary><c>SOL_UDP</c> and <c>UDP_SEGMENT</c>: a control message that makes one send of many equal-sized
    /// datagrams (UDP generic segmentation offload, Linux 4.18+).</summary>
    public const int SolUdp = 17;
    public const int UdpSegment = 103;

    /// <summary><c>CMSG_SPACE(sizeof(uint16_t))</c>: a <c>struct cmsghdr</c> (16 bytes) and the segment size, aligned.</summary>
    public const int SegmentControlBytes = 24;

    /// <summary><c>CMSG_LEN(sizeof(uint16_t))</c>: what the control message's length field says.</summary>
    public const nuint SegmentControlLength = 18;

    /// <summary>The kernel's limit on segments per segmented send (<c>UDP_MAX_SEGMENTS</c> was 64 before Linux 6.9).</summary>
    public const int MaxSegments = 64;

    /// <summary>Payload bytes of one segmented send: it is one IP datagram until the kernel splits it (65,535 less the
    /// IPv6/UDP headers, which also covers IPv4's).</summary>
    public const int MaxSegmentedBytes = 65_000;

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

    /// <summary><c>struct cmsghdr</c> carrying <c>UDP_SEGMENT</c>'s segment size.</summary>
    [StructLayout(LayoutKind.Explicit, Size = SegmentControlBytes)]
    public struct SegmentControl
    {
        [FieldOffset(0)] public nuint Length;
        [FieldOffset(8)] public int Level;
        [FieldOffset(12)] public int Type;
        [FieldOffset(16)] public ushort SegmentSize;
    }

    [DllImport(Libc, EntryPoint = "recvmmsg", SetLastError = true)]
    public static extern int ReceiveMessages(int fd, nint messages, uint count, int flags, nint timeout);

    [DllImport(Libc, EntryPoint = "sendmmsg", SetLastError = true)]
    public static extern int SendMessages(int fd, nint messages, uint count, int flags);

    /// <summary>What a kernel, route or socket that cannot segment answers a segmented send: EINVAL (segment larger than
    /// the path's MTU, no UDP_SEGMENT, checksums off), EIO (no checksum offload on the way), EOPNOTSUPP, ENOPROTOOPT.</summary>
    public static bool RefusesSegmentation(int errno) => errno is 22 or 5 or 95 or 92;

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
