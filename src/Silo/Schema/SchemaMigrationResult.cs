namespace Gsp.Silo.Schema;

/// <summary>What one <see cref="SchemaMigrator.MigrateAsync"/> run did.</summary>
/// <param name="Applied">The script versions this run applied, in order.</param>
/// <param name="AlreadyPresent">The script versions that were already applied before this run.</param>
public sealed record SchemaMigrationResult(IReadOnlyList<int> Applied, IReadOnlyList<int> AlreadyPresent);
