namespace Gsp.Backups;

/// <summary>
/// Where a server's backups live: a configured target (<c>local</c> or <c>s3</c>) and the key prefix
/// inside it, <c>backups/{ownerId}/{serverId}/</c>. Recorded once per server, so a later change of the
/// default target does not hide the backups already taken.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BackupLocation([property: Id(0)] string Target, [property: Id(1)] string Prefix);
