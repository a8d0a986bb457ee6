using System.Net.Sockets;
using Gsp.Proxy.Upstream;
using Gsp.Proxy.Wake;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// One poller per game port for all held clients: a thousand held clients cost one connect attempt (and
/// one DNS lookup) per retry interval instead of a thousand. The socket that succeeds goes to the longest
/// waiting client; the others are told the game is up and connect themselves at once.
/// </summary>
internal sealed class UpstreamWatch(UpstreamResolver resolver, int port, TimeProvider time)
{
    // Guards waiters and polling so a waiter added while the poller is finishing is never stranded.
    private readonly Lock gate = new();
    private readonly List<TaskCompletionSource<Socket?>> waiters = [];
    private bool polling;

    /// <summary>
    /// Completes when the game accepts: with a connected socket for this caller, or null meaning
    /// "it is up, connect yourself". Cancelled when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public Task<Socket?> WaitAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<Socket?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            waiters.Add(waiter);
            if (!polling)
            {
                polling = true;
                _ = Task.Run(PollAsync, CancellationToken.None);
            }
        }

        var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                waiters.Remove(waiter);
            }

            waiter.TrySetCanceled(cancellationToken);
        });
        waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return waiter.Task;
    }

    private async Task PollAsync()
    {
        var backoff = Backoff.ForGame();
        while (true)
        {
            lock (gate)
            {
                if (waiters.Count == 0)
                {
                    polling = false;
                    return;
                }
            }

            var socket = await resolver.TryConnectTcpAsync(port, CancellationToken.None);
            if (socket is not null)
            {
                List<TaskCompletionSource<Socket?>> ready;
                lock (gate)
                {
                    ready = [.. waiters];
                    waiters.Clear();
                    polling = false;
                }

                foreach (var waiter in ready)
                {
                    if (socket is not null && waiter.TrySetResult(socket))
                    {
                        socket = null;
                    }
                    else
                    {
                        waiter.TrySetResult(null);
                    }
                }

                socket?.Dispose();
                return;
            }

            await Task.Delay(backoff.Next(), time);
        }
    }
}
