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

    public async Task<IActionResult> OnPostDeleteAsync(string id) =>
        await ShowAsync(id, await directory.ActAsync(User, id, ServerAction.Delete), r => $"{r.Server!.Name} is being deleted with its data.", "/servers");

    public async Task<IActionResult> OnPostRestoreAsync(string id, string? backupId, bool confirmed) =>
        await ShowAsync(id, await backups.RestoreAsync(User, id, backupId ?? "", confirmed), _ => "The backup is being restored.");

    public async Task<IActionResult> OnPostDeleteBackupAsync(string id, string? backupId) =>
        await ShowAsync(id, await backups.DeleteAsync(User, id, backupId ?? ""), _ => "The backup was deleted.");

    private async Task<IActionResult> ActAsync(string id, ServerAction action, string done) =>
        await ShowAsync(id, await directory.ActAsync(User, id, action), r => string.IsNullOrEmpty(r.Message) ? $"{r.Server!.Name} {done}." : r.Message);

    /// <summary>
    /// The one way every action answers: 404 when the server is not the user's, the page with the refusal in
    /// plain words, or a redirect with what happened.
    /// </summary>
    private async Task<IActionResult> ShowAsync(string id, GameServerResult? result, Func<GameServerResult, string> done, string? then = null)
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

        TempData["Message"] = done(result);
        return Redirect(then ?? $"/servers/{id}");
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
