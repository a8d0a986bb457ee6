using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Gsp.WebFrontend.Webhooks;

/// <summary>
/// The wake webhook's two rate limiters (fixed windows, no queue): per source address, checked first, and per
/// server, checked once the caller proved it is that server's sidecar. The per-server key comes from the verified
/// body, which is why these are the limiters of System.Threading.RateLimiting called by the handler rather than the
/// endpoint middleware, which partitions before the body is read.
/// </summary>
public sealed class WakeRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly PartitionedRateLimiter<string> perServer;
    private readonly TimeSpan window;

    public WakeRateLimits(IOptions<WakeRateLimitOptions> options)
    {
        var o = options.Value;
        window = o.Window;
        perAddress = Create(o.PerAddressPermits, o.Window);
        perServer = Create(o.PerServerPermits, o.Window);
    }

    /// <summary>A lease for one request from <paramref name="address"/>; not acquired when it is over its limit.</summary>
    public RateLimitLease ForAddress(IPAddress? address) => perAddress.AttemptAcquire(address?.ToString() ?? "-");

    public RateLimitLease ForServer(string serverId) => perServer.AttemptAcquire(serverId);

    /// <summary>How long a refused caller should wait, in whole seconds (at least 1), for <c>Retry-After</c>.</summary>
    public int RetryAfterSeconds(RateLimitLease lease) =>
        (int)Math.Max(1, Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window).TotalSeconds));

    public void Dispose()
    {
        perAddress.Dispose();
        perServer.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
