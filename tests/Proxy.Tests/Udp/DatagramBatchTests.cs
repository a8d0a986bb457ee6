using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Udp;

namespace Gsp.Proxy.Tests.Udp;

/// <summary>
/// The relay's batched sends on real loopback sockets: runs of equal-sized datagrams go out as one segmented message
/// and arrive as the same datagrams, and a socket that cannot segment still gets every datagram. Whether the kernel
/// segmented is read on the receiving side: a socket with <c>UDP_GRO</c> gets a segmented send in one read.
/// </summary>
public sealed class DatagramBatchTests : IDisposable
{
    private const int SolSocket = 1;
    private const int SoNoCheck = 11;
    private const int SolUdp = 17;
    private const int UdpGro = 104;

    private readonly Socket receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public DatagramBatchTests()
    {
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveTimeout = 2000;
        receiver.ReceiveBufferSize = 1024 * 1024;
        sender.Connect(receiver.LocalEndPoint!);
    }

    [Fact]
    public void Datagrams_of_one_size_with_a_shorter_last_one_arrive_whole_and_in_order()
    {
        var sizes = Enumerable.Repeat(1200, 15).Append(500).ToArray();

        var sent = Fill(sizes).SendConnected(sender, 0, sizes.Length);

        Assert.Equal(sizes.Length, sent);
        AssertReceived(sizes);
    }

    [Fact]
    public void A_run_of_equal_sized_datagrams_is_one_segmented_send()
    {
        receiver.SetRawSocketOption(SolUdp, UdpGro, BitConverter.GetBytes(1));
        var sizes = Enumerable.Repeat(1200, 16).ToArray();

        Fill(sizes).SendConnected(sender, 0, sizes.Length);

        var buffer = new byte[65_536];
        Assert.Equal(16 * 1200, receiver.Receive(buffer));
    }

    [Fact]
    public void Mixed_sizes_sent_to_an_address_arrive_whole_and_in_order()
    {
        var sizes = new[] { 100, 100, 100, 40, 300, 300, 0, 7, 9000, 9000, 9000, 1 };
        var to = ((IPEndPoint)receiver.LocalEndPoint!).Serialize();
        using var unconnected = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        var sent = Fill(sizes).SendTo(unconnected, 0, sizes.Length, to.Buffer.Span[..to.Size]);

        Assert.Equal(sizes.Length, sent);
        AssertReceived(sizes);
    }

    [Fact]
    public void A_socket_that_refuses_segmentation_still_sends_every_datagram_one_by_one()
    {
        // Without UDP checksums the kernel refuses UDP_SEGMENT (EINVAL), like a path that cannot segment.
        sender.SetRawSocketOption(SolSocket, SoNoCheck, BitConverter.GetBytes(1));
        receiver.SetRawSocketOption(SolUdp, UdpGro, BitConverter.GetBytes(1));
        var sizes = Enumerable.Repeat(1200, 16).ToArray();
        var batch = Fill(sizes);

        Assert.Equal(16, batch.SendConnected(sender, 0, 16));
        Assert.Equal(16, batch.SendConnected(sender, 0, 16));

        var buffer = new byte[65_536];
        for (var i = 0; i < 32; i++)
        {
            Assert.Equal(1200, receiver.Receive(buffer));
        }
    }

    public void Dispose()
    {
        receiver.Dispose();
        sender.Dispose();
    }

    /// <summary>A batch whose datagram i has the given size and every byte set to i.</summary>
    private static DatagramBatch Fill(int[] sizes)
    {
        var batch = new DatagramBatch(sizes.Length);
        for (var i = 0; i < sizes.Length; i++)
        {
            batch.Set(i, Enumerable.Repeat((byte)i, sizes[i]).ToArray());
        }

        return batch;
    }

    private void AssertReceived(int[] sizes)
    {
        var buffer = new byte[65_536];
        for (var i = 0; i < sizes.Length; i++)
        {
            var read = receiver.Receive(buffer);
            Assert.Equal(sizes[i], read);
            Assert.All(buffer.AsSpan(0, read).ToArray(), b => Assert.Equal((byte)i, b));
        }
    }
}
