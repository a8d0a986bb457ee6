using System.Net;
using System.Net.Sockets;

namespace Gsp.Proxy.Upstream;

/// <summary>
/// Resolves the game's address. A failed lookup is never reused: Docker's DNS drops a stopped container's name and may
/// give a restarted one a new IP, so every attempt while the game is down asks again. A successful answer is shared for
/// <see cref="AnswerLifetime"/>, and attempts that start while a lookup is under way wait for it instead of asking too:
/// a thousand new UDP sessions in a flood (or a crowd arriving at once) cost one lookup, not a thousand. A container
/// replaced within that second is reached at its new address on the next attempt, once the old one refuses.
/// </summary>
internal sealed class UpstreamResolver(string host, TimeProvider time)
{
    public static readonly TimeSpan AnswerLifetime = TimeSpan.FromSeconds(1);

    private Lookup? last;

    /// <summary>Bounds one TCP connect; a live container refuses or accepts within microseconds on a bridge network.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    public Task<IPAddress[]> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return Task.FromResult<IPAddress[]>([literal]);
        }

        var now = time.GetTimestamp();
        var current = Volatile.Read(ref last);
        if (current is null || !current.Serves(now, time))
        {
            var started = new Lookup(LookUpAsync(), now);
            current = Interlocked.CompareExchange(ref last, started, current) == current ? started : Volatile.Read(ref last)!;
        }

        return current.Answer.WaitAsync(cancellationToken);
    }

    /// <summary>One lookup, shared by every caller that comes while it runs, so it takes no caller's cancellation;
    /// the resolver's own timeouts (resolv.conf) bound it.</summary>
    private async Task<IPAddress[]> LookUpAsync()
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    /// <summary>A connected TCP socket to the game, or null when it is not accepting (yet).</summary>
    public async Task<Socket?> TryConnectTcpAsync(int port, CancellationToken cancellationToken)
    {
        foreach (var address in await ResolveAsync(cancellationToken))
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(address, port, timeout.Token);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return null;
    }

    private sealed record Lookup(Task<IPAddress[]> Answer, long StartedAt)
    {
        /// <summary>Still under way, or answered with addresses less than <see cref="AnswerLifetime"/> ago.</summary>
        public bool Serves(long now, TimeProvider time) =>
            !Answer.IsCompleted || (Answer.IsCompletedSuccessfully && Answer.Result.Length > 0 && time.GetElapsedTime(StartedAt, now) < AnswerLifetime);
    }
}
