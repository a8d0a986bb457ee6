namespace Gsp.Silo.Schema;

/// <summary>
/// The schema could not be applied: PostgreSQL unreachable, or a script failed. Its message is one
/// line naming <c>host:port/database</c> and the reason, never the password.
/// </summary>
public sealed class SchemaMigrationException(string message, Exception? inner = null) : Exception(message, inner);
