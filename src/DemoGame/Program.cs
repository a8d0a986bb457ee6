using System.Net.Sockets;
using Gsp.DemoGame;
using Gsp.DemoGame.Configuration;

var log = new GameLog(Console.Out, TimeProvider.System);
if (!DemoOptions.TryFromEnvironment(Environment.GetEnvironmentVariables(), out var options, out var error))
{
    log.Write($"invalid configuration: {error}");
    return 2;
}

using var shutdown = new ShutdownSignal();
await using var server = new DemoServer(options, log, TimeProvider.System);
try
{
    await server.StartAsync(shutdown.Token);
    await shutdown.WaitAsync();
}
catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
{
    // Stopped while still in the simulated startup delay: shut down normally.
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SocketException)
{
    log.Write($"failed to start: {ex.Message}");
    return 1;
}

await server.StopAsync();
return 0;
