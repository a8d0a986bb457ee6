namespace Gsp.Catalog;

/// <summary>
/// An environment variable a server's owner may set. <see cref="Pattern"/> is a regular expression the
/// whole value must match; an empty value takes <see cref="DefaultValue"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GameVariable(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string DefaultValue,
    [property: Id(3)] string Pattern,
    [property: Id(4)] bool Required = false);
