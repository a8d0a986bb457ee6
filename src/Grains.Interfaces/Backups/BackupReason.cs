namespace Gsp.Backups;

/// <summary>Why a backup was taken; shown beside it so an owner can tell a safety copy from a routine one.</summary>
[GenerateSerializer]
public enum BackupReason
{
    /// <summary>The owner asked for it.</summary>
    Manual,

    /// <summary>The server's backup schedule took it; only these count towards keep-newest-N.</summary>
    Scheduled,

    /// <summary>Taken as the first step of deleting the server, so the data outlives it.</summary>
    BeforeDelete,
}
