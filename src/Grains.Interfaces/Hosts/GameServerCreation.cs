using Gsp.GameServers;
using Gsp.Placement;

namespace Gsp.Hosts;

/// <summary>
/// Creating a server where the cluster has room, for clients (the dashboard, the API): the host
/// directory picks a host and reserves the server's share there, then the new server's grain deploys.
/// </summary>
public static class GameServerCreation
{
    /// <summary>
    /// Places and creates a server. Refused with NoCapacity when no online, non-draining host has room
    /// for the game; the reservation is released whenever the server grain refuses the creation.
    /// </summary>
    public static async Task<GameServerResult> CreateAsync(this IGrainFactory grains, CreateGameServer request)
    {
        var directory = grains.GetGrain<IHostDirectoryGrain>(IHostDirectoryGrain.Key);
        var choice = await directory.ChooseHostAsync(request);
        if (!choice.Succeeded)
        {
            return GameServerResult.Refused(choice.Error, choice.Message);
        }

        GameServerResult result;
        try
        {
            result = await grains.GetGrain<IGameServerGrain>(choice.ServerId).CreateAsync(request);
        }
        catch (HostOfflineException ex)
        {
            // The host left between the choice and the creation: nothing was made there.
            await directory.ReleaseAsync(choice.ServerId);
            return GameServerResult.Refused(GameServerError.NoCapacity, ex.Message + "; try again");
        }

        if (!result.Succeeded)
        {
            await directory.ReleaseAsync(choice.ServerId);
        }

        return result;
    }
}
