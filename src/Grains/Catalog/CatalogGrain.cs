using Gsp.Storage;

namespace Gsp.Catalog;

/// <inheritdoc cref="ICatalogGrain"/>
public sealed class CatalogGrain([PersistentState("catalog", GrainStorageNames.Default)] IPersistentState<CatalogState> state)
    : Grain, ICatalogGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Seeded)
        {
            foreach (var game in CatalogSeed.Games)
            {
                state.State.Games.TryAdd(game.Id, game);
            }

            state.State.Seeded = true;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<GameDefinition>> ListAsync() =>
        Task.FromResult<IReadOnlyList<GameDefinition>>(state.State.Games.Values.OrderBy(g => g.DisplayName, StringComparer.OrdinalIgnoreCase).ToArray());

    public Task<GameDefinition?> GetAsync(string id) => Task.FromResult(state.State.Games.GetValueOrDefault(id));

    public async Task<IReadOnlyList<string>> UpsertAsync(GameDefinition definition)
    {
        var problems = GameDefinitionRules.Validate(definition);
        if (problems.Count == 0)
        {
            state.State.Games[definition.Id] = definition;
            await state.WriteStateAsync();
        }

        return problems;
    }

    public async Task<bool> RemoveAsync(string id)
    {
        if (!state.State.Games.Remove(id))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}
