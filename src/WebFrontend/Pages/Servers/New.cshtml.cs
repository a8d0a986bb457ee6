using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.WebFrontend.Servers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Servers;

public sealed class NewServerModel(IClusterClient client, ServerDirectory directory) : PageModel
{
    public IReadOnlyList<GameDefinition> Games { get; private set; } = [];

    public GameDefinition? Game { get; private set; }

    public string? Error { get; private set; }

    [BindProperty] public string GameId { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public Dictionary<string, string> Variables { get; set; } = new(StringComparer.Ordinal);
    [BindProperty] public bool AutoSleep { get; set; } = true;

    [BindProperty] public bool InternetAccess { get; set; } = true;

    public async Task OnGetAsync(string? game) => await LoadAsync(game);

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync(GameId);
        if (Game is null)
        {
            Error = "Choose a game from the list.";
            return Page();
        }

        // Empty fields mean "the default"; only what the owner typed is sent.
        var variables = Variables.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var result = await directory.CreateAsync(User, Game.Id, Name ?? "", variables, AutoSleep, InternetAccess);
        if (!result.Succeeded)
        {
            Error = result.Message;
            Response.StatusCode = result.Error == GameServerError.QuotaExceeded ? StatusCodes.Status409Conflict : StatusCodes.Status200OK;
            return Page();
        }

        TempData["Message"] = $"{result.Server!.Name} is being created. It sleeps until someone connects.";
        return Redirect($"/servers/{result.Server.Id}");
    }

    private async Task LoadAsync(string? gameId)
    {
        Games = await client.GetGrain<ICatalogGrain>(0).ListAsync();
        Game = Games.FirstOrDefault(g => g.Id == gameId) ?? (gameId is null ? Games.FirstOrDefault() : null);
    }
}
