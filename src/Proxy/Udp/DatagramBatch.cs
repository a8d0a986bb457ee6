using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gsp.Proxy.Udp;

/// <summary>
/// A set of datagram slots that one <c>recvmmsg</c> fills and one <c>sendmmsg</c> sends on, so the relay pays one
/// system call per batch instead of one per datagram, and replies go out from the very bytes they arrived in.
/// Each slot takes the largest datagram (64 KiB): the slots are reserved address space, and only the pages a
/// datagram touches become resident (a 1,200-byte datagram touches one page per slot). Not thread-safe: one owner
/// loop per batch. The arrays are pinned (<see cref="GC.AllocateUninitializedArray{T}(int, bool)"/>), so the
/// kernel may be handed their addresses.
/// </summary>
internal sealed class DatagramBatch
{
    public const int MaxDatagram = 65_535;

    /// <summary>Datagrams per system call, and the most one segmented send carries (<see cref="LinuxDatagrams.MaxSegments"/>).
    /// Under a flood of small datagrams 64 per read instead of 16 took an already connected player's p99 from 112–115 ms
    /// to 64–100 ms (bench/README.md); the slots are address space, and only the pages a datagram touches are resident.</summary>
    public const int DefaultCapacity = 64;

    private const int HeaderBytes = 64;
    private const int VectorBytes = 16;

    private readonly LinuxDatagrams.MessageHeader[] headers;
    private readonly LinuxDatagrams.IoVector[] vectors;
    private readonly byte[] names;
    private readonly byte[] data;
    private readonly nint headersAddress;
    private readonly nint namesAddress;
    private readonly nint dataAddress;

    /// <summary>A send's messages (<see cref="PlanMessages"/>), their segment-size control messages, and how many
    /// datagrams each carries.</summary>
    private readonly LinuxDatagrams.MessageHeader[] outgoing;
    private readonly LinuxDatagrams.SegmentControl[] controls;
    private readonly int[] segments;
    private readonly nint outgoingAddress;
    private readonly nint controlsAddress;

    /// <summary>The largest datagram still sent segmented; lowered when a path refuses segmentation.</summary>
    private int segmentLimit = ushort.MaxValue;

    public DatagramBatch(int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        headers = GC.AllocateArray<LinuxDatagrams.MessageHeader>(capacity, pinned: true);
        vectors = GC.AllocateArray<LinuxDatagrams.IoVector>(capacity, pinned: true);
        names = GC.AllocateArray<byte>(capacity * LinuxDatagrams.NameBytes, pinned: true);
        data = GC.AllocateUninitializedArray<byte>(capacity * MaxDatagram, pinned: true);
        headersAddress = Marshal.UnsafeAddrOfPinnedArrayElement(headers, 0);
        namesAddress = Marshal.UnsafeAddrOfPinnedArrayElement(names, 0);
        dataAddress = Marshal.UnsafeAddrOfPinnedArrayElement(data, 0);
        outgoing = GC.AllocateArray<LinuxDatagrams.MessageHeader>(capacity, pinned: true);
        controls = GC.AllocateArray<LinuxDatagrams.SegmentControl>(capacity, pinned: true);
        segments = new int[capacity];
        outgoingAddress = Marshal.UnsafeAddrOfPinnedArrayElement(outgoing, 0);
        controlsAddress = Marshal.UnsafeAddrOfPinnedArrayElement(controls, 0);
        var vectorsAddress = Marshal.UnsafeAddrOfPinnedArrayElement(vectors, 0);
        for (var i = 0; i < capacity; i++)
        {
            vectors[i].Base = dataAddress + (nint)i * MaxDatagram;
            headers[i].Vectors = vectorsAddress + (nint)i * VectorBytes;
            headers[i].VectorCount = 1;
        }
    }

    public int Capacity { get; }

    /// <summary>The datagram in slot <paramref name="index"/> as the last receive left it (or as set for a send).</summary>
    public Span<byte> Datagram(int index) => data.AsSpan(index * MaxDatagram, (int)headers[index].Length);

    /// <summary>The sender's raw socket address of slot <paramref name="index"/> after a receive.</summary>
    public ReadOnlySpan<byte> Name(int index) => names.AsSpan(index * LinuxDatagrams.NameBytes, (int)headers[index].NameLength);

    /// <summary>Copies <paramref name="datagram"/> into slot <paramref name="index"/>, ready for a send.</summary>
    public void Set(int index, ReadOnlySpan<byte> datagram)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(datagram.Length, MaxDatagram);
        datagram.CopyTo(data.AsSpan(index * MaxDatagram));
        headers[index].Length = (uint)datagram.Length;
    }

    /// <summary>Bytes of the first <paramref name="count"/> datagrams.</summary>
    public int Bytes(int start, int count)
    {
        var total = 0;
        for (var i = start; i < start + count; i++)
        {
            total += (int)headers[i].Length;
        }

        return total;
    }

    /// <summary>Fills the slots from <paramref name="socket"/>: the number of datagrams read (0 when none is queued and
    /// <paramref name="flags"/> says not to wait), or -errno. Slots past the count keep stale contents.</summary>
    public int Receive(Socket socket, int flags) => Receive(socket, flags, 0);

    /// <summary>Like <see cref="Receive(Socket, int)"/>, into slots <paramref name="start"/>.. only: the slots before
    /// it keep what they hold (datagrams gathered for one send).</summary>
    public int Receive(Socket socket, int flags, int start)
    {
        for (var i = start; i < Capacity; i++)
        {
            headers[i].Name = namesAddress + i * LinuxDatagrams.NameBytes;
            headers[i].NameLength = LinuxDatagrams.NameBytes;
            headers[i].Flags = 0;
            headers[i].Length = 0;
            vectors[i].Length = MaxDatagram;
        }

        var fd = AddRef(socket, out var added);
        try
        {
            return fd < 0 ? fd : Result(LinuxDatagrams.ReceiveMessages(fd, headersAddress + start * HeaderBytes, (uint)(Capacity - start), flags, 0));
        }
        finally
        {
            Release(socket, added);
        }
    }

    /// <summary>Sends slots <paramref name="start"/>.. on a connected socket without waiting: how many went out, or
    /// -errno when the first of them could not.</summary>
    public int SendConnected(Socket socket, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            headers[i].Name = 0;
            headers[i].NameLength = 0;
            vectors[i].Length = headers[i].Length;
        }

        return Send(socket, start, count, LinuxDatagrams.DontWait);
    }

    /// <summary>Sends slots <paramref name="start"/>.. to <paramref name="address"/> (a raw socket address, as
    /// <see cref="System.Net.SocketAddress.Buffer"/> holds it); how many went out, or -errno.</summary>
    public int SendTo(Socket socket, int start, int count, ReadOnlySpan<byte> address)
    {
        Address(start, count, address);
        return SendAddressed(socket, start, count);
    }

    /// <summary>Addresses slots <paramref name="start"/>.. to <paramref name="address"/> (a raw socket address) for a
    /// later <see cref="SendAddressed"/>, which may send slots addressed to different peers together.</summary>
    public void Address(int start, int count, ReadOnlySpan<byte> address)
    {
        for (var i = start; i < start + count; i++)
        {
            address.CopyTo(names.AsSpan(i * LinuxDatagrams.NameBytes, LinuxDatagrams.NameBytes));
            headers[i].Name = namesAddress + i * LinuxDatagrams.NameBytes;
            headers[i].NameLength = (uint)address.Length;
            vectors[i].Length = headers[i].Length;
        }
    }

    /// <summary>Sends slots <paramref name="start"/>.. to the addresses <see cref="Address"/> gave them, in one system
    /// call: how many went out (in order), or -errno when the first of them could not.</summary>
    public int SendAddressed(Socket socket, int start, int count) => Send(socket, start, count, 0);

    private int Send(Socket socket, int start, int count, int flags)
    {
        var fd = AddRef(socket, out var added);
        if (fd < 0)
        {
            return fd;
        }

        try
        {
            var sent = 0;
            while (sent < count)
            {
                var messages = PlanMessages(start + sent, count - sent);
                var n = Result(LinuxDatagrams.SendMessages(fd, outgoingAddress, (uint)messages, flags));
                if (n == -LinuxDatagrams.EINTR)
                {
                    continue;
                }

                if (n < 0 && segments[0] > 1 && LinuxDatagrams.RefusesSegmentation(-n))
                {
                    // This path cannot segment datagrams this large (or at all): send them one by one from now on.
                    segmentLimit = Math.Min(segmentLimit, (int)headers[start + sent].Length - 1);
                    continue;
                }

                if (n < 0)
                {
                    return sent > 0 ? sent : n;
                }

                for (var m = 0; m < n; m++)
                {
                    sent += segments[m];
                }
            }

            return sent;
        }
        finally
        {
            Release(socket, added);
        }
    }

    /// <summary>
    /// Lays out slots <paramref name="from"/>.. as messages for one <c>sendmmsg</c>: a run of datagrams of one size
    /// (the last may be shorter) to one address goes as one segmented message (<c>UDP_SEGMENT</c>), which crosses
    /// the network stack (routing, netfilter, the device) once and is split into the same datagrams at the far end's
    /// socket or the device; any other datagram is a message of its own. The runs come from the relay's batches,
    /// which are per peer, so a game's or a client's steady stream of equal-sized datagrams costs one traversal
    /// per batch instead of one per datagram. Returns the message count; <see cref="segments"/> says how many
    /// datagrams each carries.
    /// </summary>
    private int PlanMessages(int from, int count)
    {
        var messages = 0;
        var end = from + count;
        for (var i = from; i < end; messages++)
        {
            var size = (int)headers[i].Length;
            var next = i + 1;
            if (size > 0 && size <= segmentLimit)
            {
                var bytes = size;
                while (next < end && JoinsRun(i, next, bytes))
                {
                    bytes += (int)headers[next].Length;
                    if (headers[next++].Length < size)
                    {
                        break;
                    }
                }
            }

            ref var message = ref outgoing[messages];
            message.Name = headers[i].Name;
            message.NameLength = headers[i].NameLength;
            message.Vectors = headers[i].Vectors;
            message.VectorCount = (nuint)(next - i);
            message.Flags = 0;
            message.Length = 0;
            if (next - i > 1)
            {
                controls[messages] = new LinuxDatagrams.SegmentControl
                {
                    Length = LinuxDatagrams.SegmentControlLength,
                    Level = LinuxDatagrams.SolUdp,
                    Type = LinuxDatagrams.UdpSegment,
                    SegmentSize = (ushort)size,
                };
                message.Control = controlsAddress + messages * LinuxDatagrams.SegmentControlBytes;
                message.ControlLength = LinuxDatagrams.SegmentControlBytes;
            }
            else
            {
                message.Control = 0;
                message.ControlLength = 0;
            }

            segments[messages] = next - i;
            i = next;
        }

        return messages;
    }

    /// <summary>Whether slot <paramref name="next"/> may be the next segment of the run that starts at <paramref name="first"/>
    /// and holds <paramref name="bytes"/> so far: same address, not empty, no longer than the first, within the kernel's limits.</summary>
    private bool JoinsRun(int first, int next, int bytes)
    {
        var length = headers[next].Length;
        return length > 0 && length <= headers[first].Length && next - first < LinuxDatagrams.MaxSegments
               && bytes + length <= LinuxDatagrams.MaxSegmentedBytes && SameName(first, next);
    }

    /// <summary>Whether slots <paramref name="a"/> and <paramref name="b"/> go to the same address (both unset on a
    /// connected socket).</summary>
    private bool SameName(int a, int b) =>
        headers[a].NameLength == headers[b].NameLength && (headers[a].NameLength == 0 || names.AsSpan(a * LinuxDatagrams.NameBytes, (int)headers[a].NameLength)
            .SequenceEqual(names.AsSpan(b * LinuxDatagrams.NameBytes, (int)headers[b].NameLength)));

    private static int Result(int result) => result >= 0 ? result : -Marshal.GetLastPInvokeError();

    /// <summary>The socket's descriptor, kept open until <see cref="Release"/>; -EBADF once the socket is disposed.</summary>
    private static int AddRef(Socket socket, out bool added)
    {
        added = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref added);
            return (int)socket.SafeHandle.DangerousGetHandle();
        }
        catch (ObjectDisposedException)
        {
            return -9; // EBADF
        }
    }

    private static void Release(Socket socket, bool added)
    {
        if (added)
        {
            socket.SafeHandle.DangerousRelease();
        }
    }
}
