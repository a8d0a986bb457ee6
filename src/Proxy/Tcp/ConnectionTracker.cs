using System.Collections.Concurrent;

namespace Gsp.Proxy.Tcp;

/// <summary>Remembers running connection tasks so shutdown can wait for them to finish.</summary>
internal sealed class ConnectionTracker
{
    private readonly ConcurrentDictionary<Task, byte> running = new();

    public void Track(Task connection)
    {
        running.TryAdd(connection, 0);
        connection.ContinueWith(
            static (task, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(task, out _),
            running,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>True if every connection finished before <paramref name="cancellationToken"/> fired.</summary>
    public async Task<bool> WaitAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(running.Keys).WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
