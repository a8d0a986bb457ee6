using Gsp.Hosts;
using Gsp.WebFrontend.Servers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Admin;

public sealed class AdminHostsModel(IClusterClient client, ServerDirectory servers) : PageModel
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

    /// <summary>Moves one sleeping server to the chosen host, or to any host with room.</summary>
    public async Task<IActionResult> OnPostMoveAsync(string? server, string? target)
    {
        var result = server is null ? null : await servers.MoveAsync(User, server, target);
        TempData["Message"] = result switch
        {
            null => "There is no such server.",
            { Succeeded: true } => $"{server} is moving to {(string.IsNullOrWhiteSpace(target) ? "a host with room" : target)}; it sleeps there with a new address when done.",
            _ => $"{server} was not moved: {result.Message}",
        };
        return Redirect("/admin/hosts");
    }
}
