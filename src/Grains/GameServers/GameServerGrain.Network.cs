using Gsp.Containers;

namespace Gsp.GameServers;

// The game's internet access: the game container's address on its network tells the host firewall
// (NetworkAddressPlan), so changing it means making the container again, which only a sleeping server allows.
public sealed partial class GameServerGrain
{
    public async Task<GameServerResult> SetInternetAccessAsync(string userId, bool enabled)
    {
        if (!Owns(userId) || S.Status is GameServerStatus.Deleting or GameServerStatus.Deleted)
        {
            return NoSuchServer();
        }

        if (S.Request!.InternetAccess == enabled)
        {
            return GameServerResult.Ok(Info(), enabled ? "internet access is already on" : "internet access is already off");
        }

        if (Busy || S.Status != GameServerStatus.Sleeping)
        {
            return GameServerResult.Refused(GameServerError.InvalidTransition, "put the server to sleep first: internet access changes while it sleeps", Info());
        }

        S.Request = S.Request with { InternetAccess = enabled };
        await state.WriteStateAsync();
        try
        {
            // Made again on the way out of this call, or by the next reconciliation if the engine fails now.
            await containers.RemoveContainerAsync(Resources.GameContainer, CancellationToken.None);
            await CreateGameAsync();
        }
        catch (ContainerRuntimeException ex)
        {
            LogReconcileFailed(logger, Id, ex.Message);
        }

        return GameServerResult.Ok(Info(), enabled ? "internet access is on" : "internet access is off");
    }
}
