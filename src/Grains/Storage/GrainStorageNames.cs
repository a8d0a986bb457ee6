namespace Gsp.Storage;

/// <summary>The names grains use in <c>[PersistentState]</c> to find their storage provider.</summary>
public static class GrainStorageNames
{
    /// <summary>Grain state in PostgreSQL through Orleans ADO.NET.</summary>
    public const string Default = "gsp";
}
