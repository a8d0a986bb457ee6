using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gsp.Bench.Proxy;

/// <summary>
/// Plays the sleeping game: a client connects through the proxy and sends a byte while the game port is
/// closed; then the game starts listening. Measures game-listen → first relayed byte at the game, and
/// game-listen → echo back at the client.
/// </summary>
public static class WakeTiming
{
    public static async Task<int> RunAsync(string host, int port, string gameAddress, int rounds)
    {
        var toGame = new List<double>();
        var toClient = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            using var game = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            game.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            game.Bind(new IPEndPoint(IPAddress.Parse(gameAddress), port));

            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(host, port);
            await client.SendAsync(new byte[] { 42 });
            // Let the proxy find the game down and settle into its slowest (50 ms) retry interval.
            await Task.Delay(500);

            var listenAt = Stopwatch.GetTimestamp();
            game.Listen(16);
            using var accepted = await game.AcceptAsync();
            var one = new byte[1];
            _ = await accepted.ReceiveAsync(one);
            toGame.Add(Stopwatch.GetElapsedTime(listenAt).TotalMilliseconds);
            await accepted.SendAsync(one);
            _ = await client.ReceiveAsync(one);
            toClient.Add(Stopwatch.GetElapsedTime(listenAt).TotalMilliseconds);
        }

        toGame.Sort();
        toClient.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"listen_to_first_byte_ms_median={toGame[rounds / 2]:0.0} max={toGame[^1]:0.0} listen_to_client_echo_ms_median={toClient[rounds / 2]:0.0} max={toClient[^1]:0.0} rounds={rounds}"));
        return 0;
    }
}
