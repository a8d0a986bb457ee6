namespace Gsp.Backups;

/// <summary>A backup target refused or failed an operation; the message is one line a person can act on.</summary>
public sealed class BackupTargetException(string message, Exception? inner = null) : Exception(message, inner);
