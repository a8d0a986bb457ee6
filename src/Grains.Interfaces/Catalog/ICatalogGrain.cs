namespace Gsp.Catalog;

/// <summary>
/// The game catalog, one for the whole cluster (key 0). Seeded with Minecraft Java, Valheim,
/// Satisfactory and the demo game the first time it is used; admins edit it afterwards. Changing an
/// entry affects servers created afterwards only: each server keeps the definition it was created with.
/// </summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Every game, ordered by display name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<GameDefinition>> ListAsync();

    /// <summary>The game with that id, or null.</summary>
    [AlwaysInterleave]
    Task<GameDefinition?> GetAsync(string id);

    /// <summary>Adds or replaces a game after validating it; returns the problems found, empty when saved.</summary>
    Task<IReadOnlyList<string>> UpsertAsync(GameDefinition definition);

    /// <summary>Removes a game; returns false when there was none. Existing servers keep running.</summary>
    Task<bool> RemoveAsync(string id);
}
