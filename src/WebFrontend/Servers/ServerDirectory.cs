using System.Security.Claims;
using Gsp.Accounts;
using Gsp.GameServers;
using Gsp.Hosts;
using Gsp.Placement;
using Gsp.Wallets;
using Gsp.WebFrontend.Accounts;

namespace Gsp.WebFrontend.Servers;

/// <summary>
/// The one place pages and the API reach game servers through, so one rule holds everywhere: a user
/// sees and acts on their own servers only, and an id that is not theirs is "not found" (admins see all).
/// Ownership is read from the user's wallet, which lists their servers even while a host is offline.
/// </summary>
public sealed partial class ServerDirectory(IClusterClient client, ILogger<ServerDirectory> logger)
{
    /// <summary>The user's servers (every user's for an admin who asks for all), newest first.</summary>
    public async Task<IReadOnlyList<ServerView>> ListAsync(ClaimsPrincipal user, bool all = false)
    {
        IEnumerable<string> ids = await client.GetGrain<IWalletGrain>(user.Id()).GetServersAsync();
        if (all && user.IsAdmin())
        {
            var users = await client.GetGrain<IAccountsGrain>(0).ListUsersAsync();
            var lists = await Task.WhenAll(users.Select(u => client.GetGrain<IWalletGrain>(u.Id).GetServersAsync()));
            ids = ids.Concat(lists.SelectMany(l => l)).Distinct(StringComparer.Ordinal);
        }

        var views = await Task.WhenAll(ids.Select(ReadAsync));
        return views.Where(v => v.Exists)
            .OrderByDescending(v => v.Info?.CreatedAt ?? DateTimeOffset.MinValue)
            .ToArray();
    }

    /// <summary>The server if the user may see it, else null (the caller answers 404).</summary>
    public async Task<ServerView?> FindAsync(ClaimsPrincipal user, string id)
    {
        if (!GameServerIds.IsWellFormed(id))
        {
            return null;
        }

        var own = (await client.GetGrain<IWalletGrain>(user.Id()).GetServersAsync()).Contains(id);
        if (!own && !user.IsAdmin())
        {
            return null;
        }

        var view = await ReadAsync(id);
        return view.Exists ? view : null;
    }

    /// <summary>
    /// Creates a server for the user on a host with room. Refusals (bad values, no credits, no capacity)
    /// come back as a result with a plain message.
    /// </summary>
    public async Task<GameServerResult> CreateAsync(ClaimsPrincipal user, string gameId, string name, IReadOnlyDictionary<string, string> variables, bool autoSleep, bool internetAccess = true)
    {
        // A host with room (memory, CPUs, a port block, not draining) is chosen and reserved, then the server made there.
        var result = await client.CreateAsync(new CreateGameServer(user.Id(), name.Trim(), gameId, variables, autoSleep, InternetAccess: internetAccess));
        LogAction(logger, user.Id(), "create", result.Server?.Id ?? "-", result.Error);
        return result;
    }

    /// <summary>Runs a power action on a server the user may act on; null when it is not theirs (404).</summary>
    public async Task<GameServerResult?> ActAsync(ClaimsPrincipal user, string id, ServerAction action)
    {
        var view = await FindAsync(user, id);
        if (view is null)
        {
            return null;
        }

        if (view.HostOffline)
        {
            return HostOffline(view.HostName);
        }

        var server = client.GetGrain<IGameServerGrain>(id);
        try
        {
            var result = action switch
            {
                ServerAction.Wake => await server.WakeAsync(),
                ServerAction.Hibernate => await server.HibernateAsync(),
                ServerAction.Delete => await server.DeleteAsync(),
                ServerAction.BackUp => await server.BackUpAsync(view.Info!.OwnerId),
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            };
            LogAction(logger, user.Id(), action.ToString().ToLowerInvariant(), id, result.Error);
            return result;
        }
        catch (HostOfflineException)
        {
            return HostOffline(view.HostName);
        }
    }

    /// <summary>
    /// Moves a sleeping server to <paramref name="hostName"/>, or to any host with room when it is empty (admins
    /// only; null, i.e. 404, for anyone else or an unknown server).
    /// </summary>
    public async Task<GameServerResult?> MoveAsync(ClaimsPrincipal user, string id, string? hostName)
    {
        if (!user.IsAdmin() || await FindAsync(user, id) is not { } view)
        {
            return null;
        }

        if (view.HostOffline)
        {
            return HostOffline(view.HostName);
        }

        try
        {
            var result = await client.GetGrain<IGameServerGrain>(id).MoveAsync(string.IsNullOrWhiteSpace(hostName) ? null : hostName.Trim());
            LogAction(logger, user.Id(), "move", id, result.Error);
            return result;
        }
        catch (HostOfflineException ex)
        {
            return HostOffline(ex.HostName);
        }
    }

    /// <summary>An offline host is not a full one: it is a service that is unavailable until it returns (503).</summary>
    public static GameServerResult HostOffline(string hostName) =>
        GameServerResult.Refused(GameServerError.Unavailable, $"host offline: {hostName} is not reachable; try again when it is back");

    private async Task<ServerView> ReadAsync(string id)
    {
        GameServerIds.TryGetHost(id, out var host);
        try
        {
            // A moved server's host is not the one in its id.
            var info = await client.GetGrain<IGameServerGrain>(id).GetInfoAsync();
            return new ServerView(id, info is { HostName.Length: > 0 } ? info.HostName : host, info, HostOffline: false);
        }
        catch (HostOfflineException ex)
        {
            // The host it lives on, which for a moved server is not the one in its id.
            return new ServerView(id, ex.HostName, null, HostOffline: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId}: {Action} server {ServerId}: {Error}")]
    private static partial void LogAction(ILogger logger, string userId, string action, string serverId, GameServerError error);
}

public enum ServerAction
{
    Wake,
    Hibernate,
    Delete,
    BackUp,
}
