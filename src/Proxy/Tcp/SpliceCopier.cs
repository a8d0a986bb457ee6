using System.Buffers;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gsp.Proxy.Tcp;

/// <summary>
/// One direction of a relay on Linux, moving bytes socket → pipe → socket with splice(2) so they never enter
/// user space. Same contract as the managed loop in <see cref="SocketCopier"/>: a zero-byte read waits for data
/// (an idle direction holds no pipe and no buffer), the source is not read again until what was read has been
/// written (back-pressure), a FIN becomes <c>Shutdown(Send)</c>, and the ending is a <see cref="CopyResult"/>.
/// When splice cannot be used (not Linux, blocking sockets, no pipe, EINVAL) the managed loop takes over.
/// </summary>
internal static class SpliceCopier
{
    /// <summary>Splice pairs before the loop yields its thread, so one saturated relay cannot starve the others.</summary>
    private const int BurstLimit = 32;

    private static volatile bool unavailable = !OperatingSystem.IsLinux();

    public static bool IsAvailable => !unavailable;

    private enum Step
    {
        /// <summary>The source has nothing more right now.</summary>
        Drained,

        /// <summary>The burst budget ran out with data still flowing.</summary>
        Yield,

        /// <summary>The destination's send buffer is full; bytes are waiting in the pipe.</summary>
        DestinationFull,
        SourceEnded,
        SourceFailed,
        DestinationFailed,
        Canceled,

        /// <summary>splice refused these descriptors; nothing is lost, the managed loop continues.</summary>
        Unsupported,
    }

    public static async Task<CopyResult> CopyAsync(Socket source, Socket destination, Action<int> onBytes, CancellationToken cancellationToken)
    {
        KernelPipe? pipe = null;
        var wait = true;
        var nonBlockingChecked = false;
        try
        {
            while (true)
            {
                if (wait)
                {
                    try
                    {
                        await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        return CopyResult.Canceled;
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        return cancellationToken.IsCancellationRequested ? CopyResult.Canceled : CopyResult.SourceFailed;
                    }
                }

                pipe ??= KernelPipe.Rent();
                var step = pipe is null ? Step.Unsupported : Pump(source, destination, pipe, ref nonBlockingChecked, onBytes, cancellationToken);
                wait = false;
                switch (step)
                {
                    case Step.Drained:
                        pipe!.Return();
                        pipe = null;
                        wait = true;
                        break;
                    case Step.Yield:
                        await Task.Yield();
                        break;
                    case Step.DestinationFull:
                        var flushed = await FlushThroughBufferAsync(pipe!, destination, onBytes, cancellationToken);
                        if (flushed != CopyResult.Completed)
                        {
                            return flushed;
                        }

                        break;
                    case Step.SourceEnded:
                        try
                        {
                            destination.Shutdown(SocketShutdown.Send);
                            return CopyResult.Completed;
                        }
                        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                        {
                            return CopyResult.DestinationFailed;
                        }

                    case Step.SourceFailed:
                        return CopyResult.SourceFailed;
                    case Step.DestinationFailed:
                        return CopyResult.DestinationFailed;
                    case Step.Canceled:
                        return CopyResult.Canceled;
                    case Step.Unsupported:
                        pipe?.Return();
                        pipe = null;
                        return await SocketCopier.ManagedCopyAsync(source, destination, onBytes, cancellationToken);
                }
            }
        }
        finally
        {
            // A pipe still holding bytes (the relay was cut) is closed rather than pooled.
            pipe?.Return();
        }
    }

    /// <summary>Splices until the source is drained, the destination is full, or the burst budget is spent. Never blocks.</summary>
    private static Step Pump(Socket source, Socket destination, KernelPipe pipe, ref bool nonBlockingChecked, Action<int> onBytes, CancellationToken cancellationToken)
    {
        // Holding a reference keeps the descriptor numbers from being closed and reused under us by a concurrent Dispose.
        var sourceHandle = source.SafeHandle;
        var destinationHandle = destination.SafeHandle;
        bool sourceHeld = false, destinationHeld = false;
        try
        {
            sourceHandle.DangerousAddRef(ref sourceHeld);
            destinationHandle.DangerousAddRef(ref destinationHeld);
            var from = (int)sourceHandle.DangerousGetHandle();
            var to = (int)destinationHandle.DangerousGetHandle();
            if (!nonBlockingChecked)
            {
                // Once .NET has made a socket non-blocking it stays so: checked once per direction, not per wake-up.
                if (!(LinuxSplice.IsNonBlocking(from) && LinuxSplice.IsNonBlocking(to)))
                {
                    return Step.Unsupported;
                }

                nonBlockingChecked = true;
            }

            for (var burst = 0; burst < BurstLimit; burst++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return Step.Canceled;
                }

                if (pipe.Buffered == 0)
                {
                    var read = LinuxSplice.Splice(from, 0, pipe.WriteEnd, 0, KernelPipe.Capacity, LinuxSplice.Move | LinuxSplice.NonBlock);
                    if (read == 0)
                    {
                        return Step.SourceEnded;
                    }

                    if (read < 0)
                    {
                        var error = Marshal.GetLastPInvokeError();
                        if (error == LinuxSplice.EINTR)
                        {
                            continue;
                        }

                        return error switch
                        {
                            LinuxSplice.EAGAIN => Step.Drained,
                            LinuxSplice.EINVAL or LinuxSplice.ENOSYS => Step.Unsupported,
                            _ => Step.SourceFailed,
                        };
                    }

                    pipe.Buffered = (int)read;
                }

                while (pipe.Buffered > 0)
                {
                    var written = LinuxSplice.Splice(pipe.ReadEnd, 0, to, 0, (nuint)pipe.Buffered, LinuxSplice.Move | LinuxSplice.NonBlock);
                    if (written > 0)
                    {
                        pipe.Buffered -= (int)written;
                        onBytes((int)written);
                        continue;
                    }

                    var error = Marshal.GetLastPInvokeError();
                    if (error == LinuxSplice.EINTR)
                    {
                        continue;
                    }

                    // EINVAL with bytes in the pipe: the buffered path below still delivers them.
                    return error is LinuxSplice.EAGAIN or LinuxSplice.EINVAL ? Step.DestinationFull : Step.DestinationFailed;
                }
            }

            return Step.Yield;
        }
        catch (ObjectDisposedException)
        {
            // The other direction failed and closed both sockets.
            return cancellationToken.IsCancellationRequested ? Step.Canceled : sourceHeld ? Step.DestinationFailed : Step.SourceFailed;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return Step.Unsupported;
        }
        finally
        {
            if (destinationHeld)
            {
                destinationHandle.DangerousRelease();
            }

            if (sourceHeld)
            {
                sourceHandle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The destination is full: move the pipe's bytes into a pooled buffer and let an awaited send wait for room,
    /// so the direction parks without a thread and without reading the source any further.
    /// </summary>
    private static async Task<CopyResult> FlushThroughBufferAsync(KernelPipe pipe, Socket destination, Action<int> onBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(pipe.Buffered, SocketCopier.BufferSize));
        try
        {
            while (pipe.Buffered > 0)
            {
                var read = (int)LinuxSplice.Read(pipe.ReadEnd, ref buffer[0], (nuint)Math.Min(pipe.Buffered, buffer.Length));
                if (read <= 0)
                {
                    // Cannot happen with bytes known to be in the pipe; treat as a broken relay rather than spin.
                    return CopyResult.DestinationFailed;
                }

                pipe.Buffered -= read;
                await SocketCopier.SendAllAsync(destination, buffer.AsMemory(0, read), cancellationToken);
                onBytes(read);
            }

            return CopyResult.Completed;
        }
        catch (OperationCanceledException)
        {
            return CopyResult.Canceled;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return cancellationToken.IsCancellationRequested ? CopyResult.Canceled : CopyResult.DestinationFailed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
