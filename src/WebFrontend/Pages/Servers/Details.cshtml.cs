using Gsp.WebFrontend.Servers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Servers;

public sealed class ServerDetailsModel(ServerDirectory directory) : PageModel
{
    public ServerView Server { get; private set; } = null!;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostWakeAsync(string id) => ActAsync(id, ServerAction.Wake, "is starting");

    public Task<IActionResult> OnPostHibernateAsync(string id) => ActAsync(id, ServerAction.Hibernate, "is going to sleep");

    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        var result = await directory.ActAsync(User, id, ServerAction.Delete);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            await LoadAsync(id);
            Error = result.Message;
            return Page();
        }

        TempData["Message"] = $"{result.Server!.Name} is being deleted with its data.";
        return Redirect("/servers");
    }

    private async Task<IActionResult> ActAsync(string id, ServerAction action, string done)
    {
        var result = await directory.ActAsync(User, id, action);
        if (result is null)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            await LoadAsync(id);
            Error = result.Message;
            return Page();
        }

        TempData["Message"] = string.IsNullOrEmpty(result.Message) ? $"{result.Server!.Name} {done}." : result.Message;
        return Redirect($"/servers/{id}");
    }

    private async Task<bool> LoadAsync(string id)
    {
        var view = await directory.FindAsync(User, id);
        if (view is null)
        {
            return false;
        }

        Server = view;
        return true;
    }
}
