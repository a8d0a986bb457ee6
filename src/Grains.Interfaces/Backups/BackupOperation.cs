namespace Gsp.Backups;

[GenerateSerializer]
public enum BackupOperation
{
    Backup,
    Restore,
}
