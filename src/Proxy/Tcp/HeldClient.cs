using System.Buffers;
using System.Net.Sockets;
using Gsp.Proxy.Diagnostics;
using Gsp.Proxy.Limits;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// Reads what a held client sends into a bounded pooled buffer while the game wakes. The buffer is rented
/// only once bytes arrive (a zero-byte read waits first) and grows by doubling, so a thousand silent held
/// clients hold no buffers. At capacity it stops reading: the client then blocks on TCP flow control.
/// Buffer bytes come from a budget shared by all held clients (<see cref="ProxyLimits.TcpHeldBytes"/>): a client
/// whose buffer cannot grow within it is released (reported as <see cref="HoldReadEnd.ClientFailed"/>), so a flood
/// of talkative clients cannot hold more than the budget in all.
/// </summary>
internal sealed class HeldClient : IDisposable
{
    private const int InitialBufferBytes = 4 * 1024;

    private readonly Socket client;
    private readonly int capacity;
    private readonly ProxyActivity activity;
    private readonly CancellationTokenSource stopReading = new();
    private readonly TaskCompletionSource failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<HoldReadEnd> reading;
    private readonly ByteBudget? budget;
    private byte[]? buffer;
    private int count;
    private long taken;
    private int disposed;

    /// <param name="greeting">Bytes the client sent before the hold began (a Minecraft handshake read by the proxy);
    /// they are delivered first.</param>
    public HeldClient(Socket client, int capacity, ProxyActivity activity, ReadOnlySpan<byte> greeting = default, ByteBudget? budget = null)
    {
        this.client = client;
        this.capacity = Math.Max(capacity, greeting.Length);
        this.activity = activity;
        this.budget = budget;
        if (!greeting.IsEmpty)
        {
            // A greeting is a few hundred bytes the proxy already read; it is held even over the budget, but counted.
            budget?.TakeAnyway(greeting.Length);
            taken = greeting.Length;
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(greeting.Length, Math.Min(InitialBufferBytes, this.capacity)));
            greeting.CopyTo(buffer);
            count = greeting.Length;
        }

        reading = ReadAsync();
    }

    /// <summary>Completes only if the client resets or vanishes: holding it further is pointless.</summary>
    public Task Failed => failed.Task;

    /// <summary>Stops reading and returns what was held and how reading ended.</summary>
    public async Task<(ReadOnlyMemory<byte> Bytes, HoldReadEnd End)> StopAsync()
    {
        stopReading.Cancel();
        var end = await reading;
        return (buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, count), end);
    }

    /// <summary>Stops reading and, once reading has ended, returns the buffer and its bytes to the shared budget.
    /// Called at hand-over, as soon as the held bytes reached the game, so a relayed client no longer counts against
    /// the budget that clients still waiting draw on; idempotent, so the <c>using</c> that guards failures is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopReading.Cancel();
        // Reading may still be unwinding; return the buffer only after it finished, never while in use.
        reading.ContinueWith(_ => ReturnBuffer(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<HoldReadEnd> ReadAsync()
    {
        // Yield first so the constructor never runs socket I/O inline.
        await Task.Yield();
        var token = stopReading.Token;
        try
        {
            while (count < capacity)
            {
                if (buffer is null)
                {
                    await client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, token);
                }

                if ((buffer is null || count == Math.Min(buffer.Length, capacity)) && !TryGrow())
                {
                    // The shared budget is spent: this client is let go, the ones already held keep their bytes.
                    failed.TrySetResult();
                    return HoldReadEnd.ClientFailed;
                }

                var room = Math.Min(buffer!.Length, capacity) - count;
                var read = await client.ReceiveAsync(buffer.AsMemory(count, room), SocketFlags.None, token);
                if (read == 0 && count == 0)
                {
                    // Hung up without a word: nothing to deliver, so holding it would only pin a slot.
                    failed.TrySetResult();
                    return HoldReadEnd.ClientFailed;
                }

                if (read == 0)
                {
                    return HoldReadEnd.ClientFinished;
                }

                count += read;
                activity.FromClients(read);
            }

            return HoldReadEnd.BufferFull;
        }
        catch (OperationCanceledException)
        {
            return HoldReadEnd.Stopped;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            if (token.IsCancellationRequested)
            {
                return HoldReadEnd.Stopped;
            }

            failed.TrySetResult();
            return HoldReadEnd.ClientFailed;
        }
    }

    private bool TryGrow()
    {
        var size = buffer is null ? Math.Min(InitialBufferBytes, capacity) : Math.Min(buffer.Length * 2, capacity);
        var more = size - taken;
        if (more > 0)
        {
            if (budget is not null && !budget.TryTake(more))
            {
                return false;
            }

            taken += more;
        }

        var grown = ArrayPool<byte>.Shared.Rent(size);
        if (buffer is not null)
        {
            buffer.AsSpan(0, count).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = grown;
        return true;
    }

    private void ReturnBuffer()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        budget?.Return(taken);
        taken = 0;
        stopReading.Dispose();
    }
}
