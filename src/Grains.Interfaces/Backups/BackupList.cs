using Gsp.GameServers;

namespace Gsp.Backups;

/// <summary>A server's complete backups, newest first, or why they cannot be listed.</summary>
[GenerateSerializer, Immutable]
public sealed record BackupList(
    [property: Id(0)] GameServerError Error,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyList<BackupInfo> Backups)
{
    public bool Succeeded => Error == GameServerError.None;
}
