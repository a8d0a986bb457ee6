using Gsp.Storage;

namespace Gsp.Hosts;

/// <inheritdoc cref="IHostPortsGrain"/>
public sealed class HostPortsGrain([PersistentState("ports", GrainStorageNames.Default)] IPersistentState<HostPortsState> state)
    : Grain, IHostPortsGrain
{
    public async Task<int?> AllocateAsync(string serverId, int count, int first, int last)
    {
        if (state.State.Blocks.TryGetValue(serverId, out var held))
        {
            return held.First;
        }

        for (var candidate = first; candidate + count - 1 <= last; candidate++)
        {
            if (!state.State.Blocks.Values.Any(b => b.Overlaps(candidate, count)))
            {
                state.State.Blocks[serverId] = new PortBlock(candidate, count);
                await state.WriteStateAsync();
                return candidate;
            }
        }

        return null;
    }

    public async Task ReleaseAsync(string serverId)
    {
        if (state.State.Blocks.Remove(serverId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyDictionary<string, int>> ListAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(state.State.Blocks.ToDictionary(b => b.Key, b => b.Value.First));
}
