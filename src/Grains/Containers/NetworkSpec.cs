namespace Gsp.Containers;

/// <summary>A private bridge network joining one server's proxy and game containers.</summary>
public sealed record NetworkSpec(string Name, IReadOnlyDictionary<string, string> Labels, bool Internal = false);
