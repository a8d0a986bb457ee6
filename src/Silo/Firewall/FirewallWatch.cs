using Microsoft.Extensions.Options;

namespace Gsp.Silo.Firewall;

/// <summary>
/// Checks the host firewall every <see cref="FirewallOptions.CheckPeriod"/> and puts back whatever was removed
/// (an operator's <c>iptables -F</c>, a firewall manager's reload), so isolation never lapses for longer.
/// </summary>
internal sealed partial class FirewallWatch(HostFirewall firewall, IOptions<FirewallOptions> options, TimeProvider time, ILogger<FirewallWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await firewall.VerifyAsync(stoppingToken);
            }
            catch (FirewallException ex)
            {
                LogRepairing(logger, ex.Message);
                try
                {
                    await firewall.EnsureAsync(stoppingToken);
                }
                catch (FirewallException again)
                {
                    LogRepairFailed(logger, again.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host firewall changed outside the silo ({Reason}); applying it again")]
    private static partial void LogRepairing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Host firewall could not be applied again: {Reason}")]
    private static partial void LogRepairFailed(ILogger logger, string reason);
}
