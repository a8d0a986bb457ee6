using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gsp.Proxy;
using Gsp.Proxy.Admin;
using Gsp.Proxy.Configuration;
using Gsp.Proxy.Diagnostics;

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
