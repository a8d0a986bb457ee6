using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gsp.Proxy;
using Gsp.Proxy.Admin;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Diagnostics;

// Run socket completions on the event thread instead of hopping to the thread pool: on the 2-core hosts
// we target the hop was most of the proxy's added p99 latency. Safe here because no socket continuation
// blocks (UDP relays use their own threads). Read by the runtime at the first socket operation, so it is
// set before any; an operator's explicit value wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

if (args is ["--healthcheck"])
{
    try
    {
        return await HealthProbe.RunAsync(ProxyOptionsReader.ReadAdminPort(Environment.GetEnvironmentVariable));
    }
    catch (FormatException)
    {
        return 1;
    }
}

var config = ProxyOptionsReader.Read(Environment.GetEnvironmentVariable);
if (config.Options is not { } options)
{
    Console.Error.WriteLine($"gsp-proxy: invalid configuration: {config.Error}");
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);

await using var host = new ProxyHost(options, ProxyLog.Console);
try
{
    host.Start();
}
catch (SocketException ex)
{
    ProxyLog.Console.Error($"cannot listen: {ex.Message}");
    return 1;
}

await stop.Task;
await host.StopAsync();
return 0;
