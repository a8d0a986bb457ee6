using Gsp.Catalog;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Wallets;
using Gsp.WebFrontend.Accounts;
using Gsp.WebFrontend.Servers;

namespace Gsp.WebFrontend.Api;

/// <summary>
/// The HTTP API (<c>/api/v1</c>): the dashboard's actions for scripts and tools, authenticated by personal
/// API tokens only, described at <c>/openapi/v1.json</c>. Refusals carry a plain message and a status that
/// says what kind: 400 bad values, 402 no credits, 404 not yours or not there, 409 not now, 503 host offline.
/// </summary>
public static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthenticationSetup.ApiPolicy).WithTags("GSP").DisableAntiforgery();

        api.MapGet("/servers", async (HttpContext http, ServerDirectory servers) =>
            (await servers.ListAsync(http.User)).Select(ServerDto.From).ToArray())
            .WithSummary("Your servers, newest first");

        api.MapPost("/servers", async (CreateServerRequest request, HttpContext http, ServerDirectory servers) =>
        {
            if (string.IsNullOrWhiteSpace(request.GameId) || request.Name is null)
            {
                return Refused(StatusCodes.Status400BadRequest, "gameId and name are required");
            }

            var result = await servers.CreateAsync(http.User, request.GameId, request.Name, request.Variables ?? [], request.AutoSleep, request.InternetAccess);
            return result.Succeeded
                ? Results.Created($"/api/v1/servers/{result.Server!.Id}", ServerDto.From(new ServerView(result.Server.Id, result.Server.HostName, result.Server, false)))
                : Refused(result);
        }).WithSummary("Create a server (it starts asleep)");

        api.MapGet("/servers/{id}", async (string id, HttpContext http, ServerDirectory servers) =>
            await servers.FindAsync(http.User, id) is { } view ? Results.Ok(ServerDto.From(view)) : NotFound())
            .WithSummary("One of your servers");

        api.MapPost("/servers/{id}/wake", (string id, HttpContext http, ServerDirectory servers) => ActAsync(id, http, servers, ServerAction.Wake))
            .WithSummary("Start the game (402 without credits)");
        api.MapPost("/servers/{id}/hibernate", (string id, HttpContext http, ServerDirectory servers) => ActAsync(id, http, servers, ServerAction.Hibernate))
            .WithSummary("Stop the game, keeping its data");
        api.MapDelete("/servers/{id}", (string id, HttpContext http, ServerDirectory servers) => ActAsync(id, http, servers, ServerAction.Delete))
            .WithSummary("Delete the server and its data");

        api.MapPut("/servers/{id}/internet-access", async (string id, InternetAccessRequest request, HttpContext http, ServerDirectory servers, IClusterClient client) =>
        {
            if (await servers.FindAsync(http.User, id) is not { HostOffline: false } view)
            {
                return NotFound();
            }

            var result = await client.GetGrain<IGameServerGrain>(id).SetInternetAccessAsync(view.Info!.OwnerId, request.Enabled);
            return result.Succeeded ? Results.Ok(ServerDto.From(view with { Info = result.Server })) : Refused(result);
        }).WithSummary("Turn the game's internet access on or off (while the server sleeps)");

        api.MapGet("/servers/{id}/logs", async (string id, int? tail, HttpContext http, ServerDirectory servers, IClusterClient client) =>
        {
            if (await servers.FindAsync(http.User, id) is not { HostOffline: false })
            {
                return NotFound();
            }

            var lines = await client.GetGrain<IGameServerGrain>(id).GetLogsAsync(Math.Clamp(tail ?? 100, 1, 5000), null);
            return Results.Ok(lines.Select(l => new LogLineDto(l.At, l.IsError, l.Text)).ToArray());
        }).WithSummary("The last lines the game wrote");

        api.MapPost("/servers/{id}/backups", (string id, HttpContext http, ServerDirectory servers) => ActAsync(id, http, servers, ServerAction.BackUp))
            .WithSummary("Back up now (a running game is stopped for it and started again)");

        api.MapGet("/servers/{id}/backups", async (string id, HttpContext http, ServerBackups backups) =>
            await backups.ListAsync(http.User, id) is { } list
                ? Results.Ok(list.Backups.Select(b => new BackupDto(b.Id, b.CreatedAt, b.SizeBytes, b.Sha256, b.Reason.ToString())).ToArray())
                : NotFound())
            .WithSummary("The server's complete backups, newest first");

        api.MapGet("/servers/{id}/backups/{backupId}", (string id, string backupId, HttpContext http, ServerBackups backups) =>
            backups.DownloadAsync(http.User, id, backupId))
            .WithSummary("Download a backup (.tar.gz), or a redirect to a signed URL");

        api.MapPost("/servers/{id}/backups/{backupId}/restore", async (string id, string backupId, bool? confirm, HttpContext http, ServerBackups backups) =>
            await backups.RestoreAsync(http.User, id, backupId, confirm == true) switch
            {
                null => NotFound(),
                { Succeeded: true } result => Results.Ok(ServerDto.From(new ServerView(id, result.Server!.HostName, result.Server, false))),
                var result => Refused(result),
            })
            .WithSummary("Replace the server's data with a backup (needs ?confirm=true)");

        api.MapDelete("/servers/{id}/backups/{backupId}", async (string id, string backupId, HttpContext http, ServerBackups backups) =>
            await backups.DeleteAsync(http.User, id, backupId) switch
            {
                null => NotFound(),
                { Succeeded: true } => Results.NoContent(),
                var result => Refused(result),
            })
            .WithSummary("Delete a backup");

        api.MapGet("/wallet", async (HttpContext http, IClusterClient client) =>
        {
            var summary = await client.GetGrain<IWalletGrain>(http.User.Id()).GetSummaryAsync(50);
            return new WalletDto(summary.Balance, summary.Exhausted, summary.RecentEntries.Select(ToDto).ToArray());
        }).WithSummary("Your balance and latest ledger entries");

        api.MapPost("/wallet/deposits", async (DepositRequest request, HttpContext http, IClusterClient client) =>
        {
            var result = await client.GetGrain<IWalletGrain>(http.User.Id()).DepositAsync(new Deposit(request.Amount, request.Reference ?? ""));
            return result.Succeeded
                ? Results.Ok(new WalletDto(result.Balance, result.Exhausted, [ToDto(result.Entry!)]))
                : Refused(result.Error == WalletError.DuplicateReference ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, result.Message);
        }).WithSummary("Add funds (each reference credits once)");

        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthenticationSetup.ApiAdminPolicy).WithTags("GSP admin").DisableAntiforgery();
        admin.MapGet("/hosts", async (IClusterClient client) => await client.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).ListHostsAsync())
            .WithSummary("Every Docker host: capacity, use, servers, online and draining (admins)");
        admin.MapPost("/hosts/{name}/draining", async (string name, bool draining, IClusterClient client) =>
            await client.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key).SetDrainingAsync(name, draining)
                ? Results.NoContent()
                : Refused(StatusCodes.Status404NotFound, "there is no such host"))
            .WithSummary("Drain a host: no new servers, and its sleeping servers move to hosts with room (admins)");
        admin.MapPost("/servers/{id}/move", async (string id, string? host, HttpContext http, ServerDirectory servers) =>
            await servers.MoveAsync(http.User, id, host) switch
            {
                null => NotFound(),
                { Succeeded: true } result => Results.Accepted($"/api/v1/servers/{id}", ServerDto.From(new ServerView(id, result.Server!.HostName, result.Server, false))),
                var result => Refused(result),
            })
            .WithSummary("Move a sleeping server to ?host=NAME, or to any host with room (admins); it ends sleeping there with a new address");

        api.MapGet("/catalog", async (IClusterClient client) =>
            (await client.GetGrain<ICatalogGrain>(0).ListAsync()).Select(g => new GameDto(g.Id, g.DisplayName, g.PricePerHour, g.MemoryMb, g.Cpus,
                g.Variables.Select(v => new VariableDto(v.Name, v.Description, v.DefaultValue, v.Required)).ToArray())).ToArray())
            .WithSummary("The games you can create");
        return app;
    }

    private static async Task<IResult> ActAsync(string id, HttpContext http, ServerDirectory servers, ServerAction action) =>
        await servers.ActAsync(http.User, id, action) switch
        {
            null => NotFound(),
            { Succeeded: true } result => Results.Ok(ServerDto.From(new ServerView(id, result.Server!.HostName, result.Server, false))),
            var result => Refused(result),
        };

    private static LedgerEntryDto ToDto(LedgerEntry e) => new(e.Id, e.At, e.Kind.ToString(), e.Amount, e.BalanceAfter, e.Description, e.ServerId);

    private static IResult NotFound() => Refused(StatusCodes.Status404NotFound, "there is no such server");

    private static IResult Refused(GameServerResult result) => Refused(RefusalStatus.Of(result.Error), result.Message);

    private static IResult Refused(int status, string message) => Results.Json(new ApiError(message), statusCode: status);
}
