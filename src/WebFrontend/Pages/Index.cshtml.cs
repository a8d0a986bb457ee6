using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

public sealed class IndexModel(IClusterClient client) : PageModel
{
    public bool Healthy { get; private set; }

    public int ActiveSilos { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToPage("/Servers/Index");
        }

        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            ActiveSilos = hosts.Count;
            Healthy = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Healthy = false;
        }

        return Page();
    }
}
