namespace Gsp.Containers;

/// <summary>A container found by a label query.</summary>
public sealed record ContainerSummary(string Name, bool Running, IReadOnlyDictionary<string, string> Labels);
