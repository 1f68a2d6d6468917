using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace OrchestratorConsole.Core.Data;

/// <summary>
/// The migrations a store has applied. EF Core's own <c>GetAppliedMigrationsAsync</c> first builds a small model of
/// its history table with its conventions, whose code runs for the first time at start: 150–250 ms of a restart on
/// two cores, and again for every context made after (the model is the context's own), which the Overview and the
/// trust list pay at every read of the Orchestrator schema's version. On SQLite and PostgreSQL the table is read with one
/// command instead; every store here keeps EF Core's default table. SQL Server goes through EF Core.
/// </summary>
internal static class MigrationHistory
{
    /// <summary>The applied migration ids, oldest first; none on a store without the history table.</summary>
    public static async Task<IReadOnlyList<string>> AppliedAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsNpgsql())
        {
            try
            {
                return await ReadAsync(db, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // EF Core's own existence check read the table as present on a database without it: the read decides.
                return [];
            }
        }

        if (!db.Database.IsSqlite())
        {
            return [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
        }

        return await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken) ? await ReadAsync(db, cancellationToken) : [];
    }

    private static async Task<IReadOnlyList<string>> ReadAsync(DbContext db, CancellationToken cancellationToken)
    {
        var applied = new List<string>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT \"MigrationId\" FROM \"{HistoryRepository.DefaultTableName}\" ORDER BY \"MigrationId\"";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return applied;
    }

    /// <summary>Whether a migration this build carries is missing from the store.</summary>
    public static async Task<bool> HasPendingAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        var applied = (await AppliedAsync(db, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return db.Database.GetMigrations().Any(migration => !applied.Contains(migration));
    }
}
