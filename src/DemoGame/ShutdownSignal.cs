using System.Runtime.InteropServices;

namespace Gsp.DemoGame;

/// <summary>
/// Turns SIGTERM (docker stop) and SIGINT (Ctrl+C) into a cancellation, and cancels the default
/// termination so the world can be saved before the process exits with code 0.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    public CancellationToken Token => _requested.Token;

    public Task WaitAsync() =>
        Task.Delay(Timeout.Infinite, Token).ContinueWith(static _ => { }, TaskScheduler.Default);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested.Cancel();
    }
}
