namespace Gsp.Catalog;

[GenerateSerializer]
public sealed class CatalogState
{
    /// <summary>Whether the seed has been written once; an admin who removes a seeded game keeps it removed.</summary>
    [Id(0)] public bool Seeded { get; set; }

    [Id(1)] public Dictionary<string, GameDefinition> Games { get; set; } = new(StringComparer.Ordinal);
}
