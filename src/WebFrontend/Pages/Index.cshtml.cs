using Gsp.Hosts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

public sealed class IndexModel(IClusterClient client) : PageModel
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public bool Healthy { get; private set; }

    public int ActiveSilos { get; private set; }

    /// <summary>Every Docker host with its capacity, use and servers, from the host directory (no server grain is asked).</summary>
    public IReadOnlyList<HostView> Hosts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Patience, cancellationToken);
            ActiveSilos = silos.Count;
            Hosts = await client.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).ListHostsAsync().WaitAsync(Patience, cancellationToken);
            Healthy = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Healthy = false;
        }
    }
}
