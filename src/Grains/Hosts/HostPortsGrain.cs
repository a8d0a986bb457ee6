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

        // One pass over the held blocks and one over the range: a host with thousands of servers
        // allocates in linear time, where testing each candidate against each block was cubic overall.
        var used = new bool[last - first + 1];
        foreach (var block in state.State.Blocks.Values)
        {
            for (var port = Math.Max(block.First, first); port < block.First + block.Count && port <= last; port++)
            {
                used[port - first] = true;
            }
        }

        var run = 0;
        for (var port = first; port <= last; port++)
        {
            run = used[port - first] ? 0 : run + 1;
            if (run == count)
            {
                var candidate = port - count + 1;
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
