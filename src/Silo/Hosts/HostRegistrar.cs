using Gsp.Hosts;
using Microsoft.Extensions.Options;

namespace Gsp.Silo.Hosts;

/// <summary>
/// Tells the host directory, once the silo serves, which host this silo manages, where players reach it
/// and what it offers. Retries until the directory answers: grains cannot be called until the silo is
/// active, and the directory's own silo may be starting too.
/// </summary>
internal sealed partial class HostRegistrar(
    IGrainFactory grains,
    IHostIdentity identity,
    IOptions<DockerHostOptions> options,
    TimeProvider time,
    ILogger<HostRegistrar> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var registration = options.Value.ToRegistration(identity.Name);
                await grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).RegisterAsync(registration).WaitAsync(stoppingToken);
                LogRegistered(logger, registration.Name);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRegisterFailed(logger, ex.Message, RetryDelay);
            }

            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Host {Host} registered with the host directory")]
    private static partial void LogRegistered(ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering this host with the host directory failed ({Reason}); retrying in {Delay}")]
    private static partial void LogRegisterFailed(ILogger logger, string reason, TimeSpan delay);
}
