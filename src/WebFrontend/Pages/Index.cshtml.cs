using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages;

public sealed class IndexModel(IClusterClient client) : PageModel
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

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
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Patience, cancellationToken);
            ActiveSilos = silos.Count;
            Healthy = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Healthy = false;
        }

        return Page();
    }
}
