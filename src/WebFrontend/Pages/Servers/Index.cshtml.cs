using Gsp.WebFrontend.Servers;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Servers;

public sealed class ServersIndexModel(ServerDirectory directory) : PageModel
{
    public IReadOnlyList<ServerView> Servers { get; private set; } = [];

    public async Task OnGetAsync(bool all) => Servers = await directory.ListAsync(User, all);
}
