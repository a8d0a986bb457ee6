using System.Net;
using System.Net.Sockets;
using Gsp.Proxy.Tcp;

namespace Gsp.Proxy.Tests.Tcp;

/// <summary>
/// One relay direction, client → [source | copier | destination] → reader, for both the kernel (splice) loop
/// and the managed loop it falls back to.
/// </summary>
public sealed class SocketCopierTests
{
    public static TheoryData<bool> Loops => new() { true, false };

    [Fact]
    public void Kernel_relay_is_available_on_linux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), SpliceCopier.IsAvailable);
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Large_stream_arrives_intact_and_its_fin_is_forwarded(bool kernel)
    {
        using var relay = await Relay.StartAsync(kernel);
        var payload = new byte[16 * 1024 * 1024];
        new Random(1).NextBytes(payload);

        var sending = Task.Run(async () =>
        {
            await relay.Writer.SendAsync(payload);
            relay.Writer.Shutdown(SocketShutdown.Send);
        });
        var received = await ReadToEndAsync(relay.Reader);
        await sending;

        Assert.Equal(payload, received);
        Assert.Equal(CopyResult.Completed, await relay.Copy.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(payload.Length, relay.BytesCounted);
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Reader_that_stops_reading_stops_the_writer_and_loses_nothing(bool kernel)
    {
        using var relay = await Relay.StartAsync(kernel);
        var chunk = new byte[64 * 1024];
        new Random(2).NextBytes(chunk);
        relay.Writer.Blocking = false;
        long pushed = 0;
        var bound = 256L * 1024 * 1024;
        var stalledFor = 0;
        while (pushed < bound && stalledFor < 50)
        {
            try
            {
                pushed += relay.Writer.Send(chunk, (int)(pushed % chunk.Length), chunk.Length - (int)(pushed % chunk.Length), SocketFlags.None);
                stalledFor = 0;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
            {
                // Give the copier time to move what it can; back-pressure holds once it has nowhere to put bytes.
                stalledFor++;
                await Task.Delay(10);
            }
        }

        Assert.True(pushed < bound, "the relay kept reading although its destination was full");
        Assert.False(relay.Copy.IsCompleted);

        relay.Writer.Shutdown(SocketShutdown.Send);
        var received = await ReadToEndAsync(relay.Reader);
        Assert.Equal(pushed, received.Length);
        for (var i = 0; i < received.Length; i += chunk.Length)
        {
            Assert.True(received.AsSpan(i, Math.Min(chunk.Length, received.Length - i)).SequenceEqual(chunk.AsSpan(0, Math.Min(chunk.Length, received.Length - i))), $"corrupt at {i}");
        }

        Assert.Equal(CopyResult.Completed, await relay.Copy.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Reset_by_the_writer_is_a_source_failure(bool kernel)
    {
        using var relay = await Relay.StartAsync(kernel);
        await relay.Writer.SendAsync(new byte[1000]);
        await TestReadAsync(relay.Reader, 1000);

        relay.Writer.LingerState = new LingerOption(true, 0);
        relay.Writer.Close();

        Assert.Equal(CopyResult.SourceFailed, await relay.Copy.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [MemberData(nameof(Loops))]
    public async Task Reset_by_the_reader_is_a_destination_failure(bool kernel)
    {
        using var relay = await Relay.StartAsync(kernel);
        relay.Reader.LingerState = new LingerOption(true, 0);
        relay.Reader.Close();

        // Keep writing until the copier notices: the first send after the reset fails.
        var chunk = new byte[64 * 1024];
        var copy = relay.Copy;
        for (var i = 0; i < 100 && !copy.IsCompleted; i++)
        {
            await relay.Writer.SendAsync(chunk);
            await Task.WhenAny(copy, Task.Delay(20));
        }

        Assert.Equal(CopyResult.DestinationFailed, await copy.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task TestReadAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            Assert.True(n > 0);
            read += n;
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var all = new MemoryStream();
        var buffer = new byte[256 * 1024];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    /// <summary>Two loopback connections with a copier between the accepted end of one and the client end of the other.</summary>
    private sealed class Relay : IDisposable
    {
        private readonly Socket[] sockets;
        private long bytesCounted;

        private Relay(Socket writer, Socket source, Socket destination, Socket reader, bool kernel)
        {
            sockets = [writer, source, destination, reader];
            Writer = writer;
            Reader = reader;
            Action<int> count = n => Interlocked.Add(ref bytesCounted, n);
            Copy = kernel
                ? SpliceCopier.CopyAsync(source, destination, count, CancellationToken.None)
                : SocketCopier.ManagedCopyAsync(source, destination, count, CancellationToken.None);
        }

        public Socket Writer { get; }

        public Socket Reader { get; }

        public Task<CopyResult> Copy { get; }

        public long BytesCounted => Interlocked.Read(ref bytesCounted);

        public static async Task<Relay> StartAsync(bool kernel)
        {
            var (writer, source) = await PairAsync();
            var (destination, reader) = await PairAsync();
            return new Relay(writer, source, destination, reader, kernel);
        }

        public void Dispose()
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        private static async Task<(Socket Connected, Socket Accepted)> PairAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var connected = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var accepting = listener.AcceptAsync();
            await connected.ConnectAsync(listener.LocalEndPoint!);
            var accepted = await accepting;
            accepted.NoDelay = true;
            return (connected, accepted);
        }
    }
}
