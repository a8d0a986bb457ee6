using Gsp.Backups;
using Gsp.GameServers;
using Gsp.WebFrontend.Servers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Servers;

public sealed class ServerDetailsModel(ServerDirectory directory, ServerBackups backups) : PageModel
{
    public ServerView Server { get; private set; } = null!;

    public IReadOnlyList<BackupInfo> Backups { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public Task<IActionResult> OnPostWakeAsync(string id) => ActAsync(id, ServerAction.Wake, "is starting");

    public Task<IActionResult> OnPostHibernateAsync(string id) => ActAsync(id, ServerAction.Hibernate, "is going to sleep");

    public Task<IActionResult> OnPostBackUpAsync(string id) => ActAsync(id, ServerAction.BackUp, "is being backed up");

    public async Task<IActionResult> OnPostRestoreAsync(string id, string? backupId, bool confirmed) =>
        await ShowAsync(id, await backups.RestoreAsync(User, id, backupId ?? "", confirmed), "The backup is being restored.");

    public async Task<IActionResult> OnPostDeleteBackupAsync(string id, string? backupId) =>
        await ShowAsync(id, await backups.DeleteAsync(User, id, backupId ?? ""), "The backup was deleted.");

    private async Task<IActionResult> ShowAsync(string id, GameServerResult? result, string done)
    {
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

        TempData["Message"] = done;
        return Redirect($"/servers/{id}");
    }

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
        Backups = (await backups.ListAsync(User, id))?.Backups ?? [];
        return true;
    }
}
