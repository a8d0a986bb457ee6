using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Tests.Support;

/// <summary>
/// A TCP echo "game" whose port is reserved up front by binding without listening: connects are refused
/// (the game is down) until <see cref="StartListening"/>, with no window for another process to take the port.
/// </summary>
public sealed class FakeTcpGame : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Socket socket;
    private int accepted;

    public FakeTcpGame(bool listening = false)
    {
        socket = Bind(0);
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        if (listening)
        {
            StartListening();
        }
    }

    public int Port { get; }

    public int AcceptedConnections => Volatile.Read(ref accepted);

    /// <summary>Completes when the first connection is accepted.</summary>
    public TaskCompletionSource<DateTimeOffset> FirstAccept { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void StartListening()
    {
        socket.Listen(128);
        var listening = socket;
        _ = Task.Run(() => AcceptLoopAsync(listening));
    }

    /// <summary>Stops the game: the port refuses connects again, as after a container stop.</summary>
    public void GoDown()
    {
        // Linux refuses a second bind while the old socket listens, so close first.
        socket.Dispose();
        socket = Bind(Port);
    }

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
    }

    private static Socket Bind(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return s;
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listening.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            FirstAccept.TrySetResult(DateTimeOffset.UtcNow);
            _ = Task.Run(() => EchoAsync(client));
        }
    }

    private async Task EchoAsync(Socket client)
    {
        using var _ = client;
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0)
            {
                await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            }

            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
