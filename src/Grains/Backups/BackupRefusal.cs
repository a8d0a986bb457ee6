using Gsp.GameServers;

namespace Gsp.Backups;

/// <summary>Why a backup may not be taken (a quota, say), with the error its caller answers with.</summary>
public sealed record BackupRefusal(GameServerError Error, string Message);
