using Gsp.Hosts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Admin;

public sealed class AdminHostsModel(IClusterClient client) : PageModel
{
    public IReadOnlyList<HostView> Hosts { get; private set; } = [];

    private IHostDirectoryGrain Directory => client.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);

    public async Task OnGetAsync() => Hosts = await Directory.ListHostsAsync();

    public async Task<IActionResult> OnPostAsync(string? host, bool draining)
    {
        TempData["Message"] = host is not null && await Directory.SetDrainingAsync(host, draining)
            ? $"{host} {(draining ? "is draining: no new servers go there" : "accepts new servers again")}."
            : "There is no such host.";
        return Redirect("/admin/hosts");
    }
}
