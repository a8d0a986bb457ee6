namespace Gsp.Silo.Schema;

public sealed partial class SchemaMigrator
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema script {Script} to {Database}")]
    private static partial void LogApplied(ILogger logger, string script, string database);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema script {Script} was already applied")]
    private static partial void LogAlreadyApplied(ILogger logger, string script);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Schema script {Script} has changed since it was applied (recorded checksum {Recorded}, embedded {Embedded}); " +
                  "applied scripts are never re-run, so put the change in a new script")]
    private static partial void LogChecksumMismatch(ILogger logger, string script, string recorded, string embedded);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of {Database} is up to date: {Applied} script(s) applied now, {Present} already present")]
    private static partial void LogUpToDate(ILogger logger, string database, int applied, int present);
}
