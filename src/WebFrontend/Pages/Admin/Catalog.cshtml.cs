using System.Globalization;
using Gsp.Catalog;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gsp.WebFrontend.Pages.Admin;

public sealed class AdminCatalogModel(IClusterClient client) : PageModel
{
    public IReadOnlyList<GameDefinition> Games { get; private set; } = [];

    public string? Error { get; private set; }

    private ICatalogGrain Catalog => client.GetGrain<ICatalogGrain>(0);

    public async Task OnGetAsync() => Games = await Catalog.ListAsync();

    public async Task<IActionResult> OnPostSaveAsync(string? id, string? displayName, string? image, string? memoryMb, string? cpus, string? pricePerHour)
    {
        var game = id is null ? null : await Catalog.GetAsync(id);
        if (game is null)
        {
            Error = "There is no such game.";
        }
        else if (!int.TryParse(memoryMb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory)
            || !decimal.TryParse(cpus, NumberStyles.Number, CultureInfo.InvariantCulture, out var cpuCount)
            || !decimal.TryParse(pricePerHour, NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
        {
            Error = "Memory is a whole number of MB; CPUs and price are numbers such as 2 or 0.5.";
        }
        else
        {
            var problems = await Catalog.UpsertAsync(game with { DisplayName = displayName ?? "", Image = image ?? "", MemoryMb = memory, Cpus = cpuCount, PricePerHour = price });
            if (problems.Count == 0)
            {
                TempData["Message"] = $"{displayName} saved.";
                return Redirect("/admin/catalog");
            }

            Error = string.Join("; ", problems);
        }

        Games = await Catalog.ListAsync();
        return Page();
    }
}
